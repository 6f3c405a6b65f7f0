/**
 * What every command of the command line shares: its description for `--help`, its options for `node:util`
 * `parseArgs` (strict: an unknown flag is a usage error), and the context it runs in. Exit codes are the same for
 * every command: 0 all well, 1 the file has errors or an expectation failed, 2 a usage or input/output problem.
 */
import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import type { ParseArgsConfig } from 'node:util';
import type { Analysis } from '../language/analyze';
import { maxInputBytes } from '../language/limits';
import type { Output } from './output';

export const exit = { ok: 0, failed: 1, usage: 2 } as const;

/** Option values as parseArgs gives them (arrays for options declared `multiple`). */
export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CliContext {
  stdout: Output;
  stderr: Output;
  /** The parsed options and the positionals, as `parseArgs` gives them. */
  values: OptionValues;
  positionals: string[];
}

export interface CliCommand {
  /** One line for the overview. */
  summary: string;
  /** The command's own help: usage line and options. */
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Checks what parseArgs cannot (counts, values); a message makes it a usage error. */
  validate?(values: CliContext['values'], positionals: string[]): string | undefined;
  run(ctx: CliContext): Promise<number>;
}

/** A problem with the command line itself: reported with the usage, exit 2. */
export class UsageError extends Error {}

/**
 * Reads a scenario file, refusing one larger than `maxInputBytes` without reading past the limit (`/dev/zero`, a
 * FIFO, a huge log: stat does not tell their size). Returns the text, or a message for exit 2.
 */
export function readScenario(file: string): { text: string } | { error: string } {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    if (fstatSync(fd).isDirectory()) return { error: `${file}: cannot read: is a directory` };
    const buffer = Buffer.alloc(Math.min(maxInputBytes + 1, 1 << 20));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxInputBytes)
        return { error: `${file}: too large: a scenario file may hold at most ${maxInputBytes} bytes (docs/limits.md)` };
      chunks.push(Buffer.from(buffer.subarray(0, n)));
    }
    return { text: Buffer.concat(chunks, total).toString('utf8') };
  } catch (e) {
    return { error: `${file}: cannot read: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** `file:line:col: severity: message`, one line per diagnostic; true if any is an error. */
export async function printDiagnostics(file: string, analysis: Analysis, out: Output): Promise<boolean> {
  let errors = false;
  for (const d of analysis.diagnostics) {
    const severity = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'note';
    await out.text(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${severity}: ${d.message}\n`);
    errors ||= d.severity === 'error';
  }
  return errors;
}
