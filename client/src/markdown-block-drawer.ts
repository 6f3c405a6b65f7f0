/**
 * Draws ```` ```repl ```` blocks for VS Code's Markdown preview off the extension host's thread. markdown-it renders
 * synchronously, in the extension host every extension shares, and a block's run can take seconds: so the plugin gets
 * a block's markup from here, which is the drawn timeline once a worker thread (markdown-worker.ts) has drawn it, and
 * until then a "drawing" note while the worker is asked. When a drawing arrives, `drawn` is called (the extension
 * refreshes the preview), and the next render finds it. No `vscode` import: the refresh is handed in.
 */
import { Worker } from 'node:worker_threads';
import { errorBox, pendingBox } from './markdown-preview';

export interface ToBlockWorker {
  id: number;
  text: string;
}
export interface FromBlockWorker {
  id: number;
  markup: string;
}

/** Drawings kept, so that typing elsewhere in the document does not run every scenario again. */
const CACHE_SIZE = 32;

export class BlockDrawer {
  private worker: Worker | undefined;
  private nextId = 1;
  /** Request id → the block's text, for the blocks the worker is drawing. */
  private readonly asked = new Map<number, string>();
  private readonly waiting = new Set<string>();
  private readonly drawings = new Map<string, string>();
  private disposed = false;

  /**
   * @param workerPath dist/markdown-worker.js
   * @param drawn called after each drawing arrives (the extension refreshes the Markdown preview)
   */
  constructor(
    private readonly workerPath: string,
    private readonly drawn: () => void,
  ) {}

  /** The block's drawing if it is made; else a note that it is on its way (and the worker is asked for it). */
  markup(text: string): string {
    const hit = this.drawings.get(text);
    if (hit !== undefined) {
      this.drawings.delete(text);
      this.drawings.set(text, hit);
      return hit;
    }
    if (!this.waiting.has(text) && !this.disposed) this.ask(text);
    return pendingBox(text);
  }

  /** True while some block is being drawn (tests). */
  get busy(): boolean {
    return this.waiting.size > 0;
  }

  private ask(text: string): void {
    const id = this.nextId++;
    this.waiting.add(text);
    this.asked.set(id, text);
    this.ensureWorker().postMessage({ id, text } satisfies ToBlockWorker);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerPath);
    // An idle worker does not keep the extension host alive.
    worker.unref();
    worker.on('message', (message: FromBlockWorker) => {
      const text = this.asked.get(message.id);
      this.asked.delete(message.id);
      if (text === undefined) return;
      this.keep(text, message.markup);
    });
    // A worker that dies (out of memory on a huge block) takes its blocks with it: they say so, and the next block
    // gets a new worker.
    const fail = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const lost = [...this.asked.values()];
      this.asked.clear();
      for (const text of lost) this.keep(text, errorBox('ReplScope: the scenario could not be drawn', [why]));
    };
    worker.on('error', (e) => fail(e.message));
    worker.on('exit', (code) => fail(`its worker thread stopped (exit code ${code})`));
    this.worker = worker;
    return worker;
  }

  private keep(text: string, markup: string): void {
    this.waiting.delete(text);
    if (this.disposed) return;
    this.drawings.set(text, markup);
    if (this.drawings.size > CACHE_SIZE) this.drawings.delete(this.drawings.keys().next().value as string);
    this.drawn();
  }

  dispose(): void {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }
}
