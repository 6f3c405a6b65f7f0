/**
 * The command line's output streams: every write is made terminal-safe, waits when the stream asks it to (a slow
 * pipe, a pager), and a failed stream (EPIPE from a closed pipe, ENOSPC from a full disk) is recorded instead of
 * crashing the process, so that the command ends with exit code 2.
 */
import { jsonTerminalSafe, terminalSafe } from './terminal';

/** How much text is gathered before it is handed to the stream. */
const chunkChars = 1 << 16;

export class Output {
  /** The first error the stream reported; once set, nothing more is written. */
  failure: Error | undefined;
  private pending = '';
  private waiting: (() => void)[] = [];
  private last: Promise<void> = Promise.resolve();
  private drained: Promise<void> | undefined;
  private signalFailure!: () => void;
  private readonly failed = new Promise<void>((resolve) => (this.signalFailure = resolve));

  /**
   * `before`: a stream whose gathered text goes out first, this one then not gathering at all (standard error after
   * standard output: messages and output read in the order they were written on a terminal).
   */
  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly before?: Output,
  ) {
    stream.on('error', (e: Error) => {
      this.failure ??= e;
      this.signalFailure();
      this.wake();
    });
    stream.on('drain', () => this.wake());
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const w of waiting) w();
  }

  /** Writes text that may hold user strings (control characters escaped). */
  text(text: string): Promise<void> {
    return this.raw(terminalSafe(text));
  }

  /** Writes JSON text (C1 and bidi controls as `\u` escapes: the JSON still reads back to the same value). */
  json(text: string): Promise<void> {
    return this.raw(jsonTerminalSafe(text));
  }

  private async raw(text: string): Promise<void> {
    if (this.failure) return;
    if (this.before) await this.before.flush();
    this.pending += text;
    if (this.before || this.pending.length >= chunkChars) await this.flush();
  }

  /** Hands what is gathered to the stream; resolves once the stream can take more (or has failed). */
  async flush(): Promise<void> {
    if (this.failure || this.pending === '') return;
    const chunk = this.pending;
    this.pending = '';
    this.last = new Promise<void>((resolve) => {
      const ok = this.stream.write(chunk, (e?: Error | null) => {
        if (e) this.failure ??= e;
        resolve();
      });
      // Past its high-water mark the stream buffers: wait until it drains (or fails) before producing more.
      if (!ok && !this.failure) this.drained = new Promise<void>((wake) => this.waiting.push(wake));
    });
    const drained = this.drained;
    this.drained = undefined;
    if (drained) await drained;
  }

  /** Flushes and waits until everything written has reached the stream's target (or the stream failed). */
  async close(): Promise<void> {
    await this.flush();
    await Promise.race([this.last, this.failed]);
  }
}
