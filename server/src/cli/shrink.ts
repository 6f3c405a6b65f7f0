/**
 * `replscope shrink FILE --verdict KIND [-o OUT]`: the smallest file that still shows the verdict (explore/shrink.ts),
 * formatted, with a header comment saying what was removed; on standard output, or written to OUT.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { VERDICT_KINDS, type VerdictKind } from '../model/scenario';
import { shrink } from '../explore/shrink';

export const shrinkUsage = `       replscope shrink FILE --verdict KIND [-o OUT.repl]

  shrink FILE   remove steps, transactions, statements, clients, replicas and settings while the run still shows a
                verdict of KIND; print the smaller file (or write it to OUT)
`;

/** Runs `replscope shrink ARGS`; returns the exit status. */
export function shrinkCommand(args: string[]): number {
  const files: string[] = [];
  let kind: string | undefined;
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--verdict') kind = args[++i];
    else if (args[i] === '-o' || args[i] === '--out') out = args[++i];
    else files.push(args[i]);
  }
  if (files.length !== 1 || kind === undefined || out === '' || files[0].startsWith('-')) {
    process.stderr.write(`usage: ${shrinkUsage.trimStart()}`);
    return 2;
  }
  if (!(VERDICT_KINDS as readonly string[]).includes(kind) || kind === 'expectation_failed') {
    process.stderr.write(`--verdict: '${kind}' is not one of ${VERDICT_KINDS.filter((k) => k !== 'expectation_failed').join(', ')}\n`);
    return 2;
  }
  const file = files[0];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`${file}: cannot read: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const result = shrink(text, kind as VerdictKind, { source: file });
  if ('error' in result) {
    process.stderr.write(`${file}: cannot shrink for ${kind}: ${result.error}\n`);
    return 1;
  }
  const r = result.removed;
  process.stderr.write(
    `${file}: removed ${r.lines} lines, ${r.settings} settings, ${r.statements} statements in ${result.tests} runs; ${kind} still appears\n`,
  );
  if (out === undefined) {
    process.stdout.write(result.text);
    return 0;
  }
  try {
    writeFileSync(out, result.text);
  } catch (e) {
    process.stderr.write(`${out}: cannot write: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  return 0;
}
