/**
 * `replscope shrink FILE --verdict KIND [-o OUT]`: the smallest file that still shows the verdict (explore/shrink.ts),
 * formatted, with a header comment saying what was removed; on standard output, or written to OUT.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { VERDICT_KINDS, type VerdictKind } from '../model/scenario';
import { shrink } from '../explore/shrink';
import { collected, type Collected } from './collect';
import type { CliCommand, OptionValues } from './command';

export const shrinkUsage = `       replscope shrink FILE --verdict KIND [-o OUT.repl]

  shrink FILE   remove steps, transactions, statements, clients, replicas and settings while the run still shows a
                verdict of KIND; print the smaller file (or write it to OUT)
`;

/** `replscope shrink`, for the command line's dispatch table. */
export const shrinkCommand: CliCommand = {
  summary: 'the smallest file that still shows a verdict',
  help: `usage: ${shrinkUsage.trimStart()}`,
  options: { verdict: { type: 'string' }, out: { type: 'string', short: 'o' } },
  async run(ctx) {
    const io = collected();
    const code = shrinkMain(ctx.values, ctx.positionals, io);
    await io.flush(ctx);
    return code;
  },
};

/** Runs `replscope shrink` on its parsed options, writing to `io`; returns the exit status. */
function shrinkMain(values: OptionValues, files: string[], io: Collected): number {
  const kind = typeof values.verdict === 'string' ? values.verdict : undefined;
  const out = typeof values.out === 'string' ? values.out : undefined;
  if (files.length !== 1 || kind === undefined || out === '') {
    io.err(`usage: ${shrinkUsage.trimStart()}`);
    return 2;
  }
  if (!(VERDICT_KINDS as readonly string[]).includes(kind) || kind === 'expectation_failed') {
    io.err(`--verdict: '${kind}' is not one of ${VERDICT_KINDS.filter((k) => k !== 'expectation_failed').join(', ')}\n`);
    return 2;
  }
  const file = files[0];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    io.err(`${file}: cannot read: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const result = shrink(text, kind as VerdictKind, { source: file });
  if ('error' in result) {
    io.err(`${file}: cannot shrink for ${kind}: ${result.error}\n`);
    return 1;
  }
  const r = result.removed;
  io.err(
    `${file}: removed ${r.lines} lines, ${r.settings} settings, ${r.statements} statements in ${result.tests} runs; ${kind} still appears\n`,
  );
  if (out === undefined) {
    io.out(result.text);
    return 0;
  }
  try {
    writeFileSync(out, result.text);
  } catch (e) {
    io.err(`${out}: cannot write: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  return 0;
}
