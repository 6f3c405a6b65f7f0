/**
 * One call for the whole front half of the pipeline: text → tokens → AST → checked scenario, with every
 * syntax and checker diagnostic. Pure; the language server caches its result per document version.
 */
import { checkRepl, type CheckResult } from './checker/check';
import type { ReplDiagnostic } from './diagnostic';
import { maxInputBytes, tooLarge } from './limits';
import { parseRepl, type ParseResult } from './parse';

export interface Analysis extends CheckResult {
  parse: ParseResult;
  /** True when there is no error: the scenario can be run. */
  runnable: boolean;
}

/** The one diagnostic of a text past the input limit: it is neither parsed, checked nor run. */
function refusal(): ReplDiagnostic {
  const at = { line: 0, character: 0 };
  return {
    range: { start: at, end: at },
    severity: 'error',
    code: 'too-large',
    message: `this file is too large: a scenario may hold at most ${maxInputBytes} bytes (${maxInputBytes / 1024 / 1024} MiB); it is not checked or run`,
  };
}

/** Analyses `text`; `previous`, the analysis of an earlier version of the same document, lets the parse reuse its items. */
export function analyze(text: string, previous?: Analysis): Analysis {
  if (tooLarge(text)) {
    const parse = parseRepl('');
    return { ...checkRepl(parse.file), diagnostics: [refusal()], parse, runnable: false };
  }
  const parse = parseRepl(text, previous?.parse.items);
  const checked = checkRepl(parse.file);
  const diagnostics = [...parse.diagnostics, ...checked.diagnostics].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  return { ...checked, diagnostics, parse, runnable: !diagnostics.some((d) => d.severity === 'error') };
}
