/**
 * For commands that compose their whole output before printing it (explore, shrink): what they write is gathered here,
 * then handed to the command line's writers, which escape terminal controls and honour backpressure and EPIPE.
 */
import type { CliContext } from './command';

export interface Collected {
  /** Text for a person (its control characters are escaped when printed). */
  out(text: string): void;
  /** JSON text (printed so that it still reads back to the same value). */
  json(text: string): void;
  err(text: string): void;
  /** Prints what was gathered, in order per stream. */
  flush(ctx: Pick<CliContext, 'stdout' | 'stderr'>): Promise<void>;
}

export function collected(): Collected {
  const out: { text: string; json: boolean }[] = [];
  const err: string[] = [];
  return {
    out: (text) => void out.push({ text, json: false }),
    json: (text) => void out.push({ text, json: true }),
    err: (text) => void err.push(text),
    async flush({ stdout, stderr }) {
      for (const e of err) await stderr.text(e);
      for (const o of out) await (o.json ? stdout.json(o.text) : stdout.text(o.text));
    },
  };
}
