/**
 * One call for the whole front half of the pipeline: text → tokens → AST → checked scenario, with every
 * syntax and checker diagnostic. Pure; the language server caches its result per document version.
 */
import { checkRepl, type CheckResult } from './checker/check';
import { parseRepl, type ParseResult } from './parse';

export interface Analysis extends CheckResult {
  parse: ParseResult;
  /** True when there is no error: the scenario can be run. */
  runnable: boolean;
}

export function analyze(text: string): Analysis {
  const parse = parseRepl(text);
  const checked = checkRepl(parse.file);
  const diagnostics = [...parse.diagnostics, ...checked.diagnostics].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  return { ...checked, diagnostics, parse, runnable: !diagnostics.some((d) => d.severity === 'error') };
}
