/**
 * Runs the engine for each document off the keystroke path: a run starts once the text has been quiet for
 * a moment (debounce), a newer version cancels an older run (its worker is terminated), and a result is
 * delivered only if it is for the version it was asked for, so a stale trace is never shown.
 */
import { Worker } from 'node:worker_threads';
import type { Trace } from './engine/trace';
import type { Scenario } from './model/scenario';
import type { RunRequest, RunResponse } from './run-protocol';

export interface RunResult {
  uri: string;
  version: number;
  trace: Trace;
  /** Wall-clock milliseconds the run took in the worker, for the log. */
  millis: number;
}

interface Pending {
  version: number;
  timer?: ReturnType<typeof setTimeout>;
  worker?: Worker;
}

export class RunScheduler {
  private readonly pending = new Map<string, Pending>();
  private readonly latest = new Map<string, RunResult>();
  private nextId = 1;

  constructor(
    private readonly workerPath: string,
    private readonly onResult: (result: RunResult) => void,
    private readonly onError: (uri: string, message: string) => void,
    private readonly debounceMs = 150,
  ) {}

  /** Asks for a run of `scenario` for version `version` of `uri`, replacing any older request. */
  schedule(uri: string, version: number, scenario: Scenario): void {
    this.cancel(uri);
    const entry: Pending = { version };
    entry.timer = setTimeout(() => this.start(uri, entry, scenario), this.debounceMs);
    this.pending.set(uri, entry);
  }

  /** The last result delivered for `uri`, if it is for `version`. */
  resultFor(uri: string, version: number): RunResult | undefined {
    const r = this.latest.get(uri);
    return r?.version === version ? r : undefined;
  }

  /** Stops waiting for, or running, the document's current request. */
  cancel(uri: string): void {
    const entry = this.pending.get(uri);
    if (!entry) return;
    if (entry.timer) clearTimeout(entry.timer);
    void entry.worker?.terminate();
    this.pending.delete(uri);
  }

  forget(uri: string): void {
    this.cancel(uri);
    this.latest.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.pending.keys()]) this.cancel(uri);
  }

  private start(uri: string, entry: Pending, scenario: Scenario): void {
    entry.timer = undefined;
    const started = performance.now();
    const worker = new Worker(this.workerPath);
    entry.worker = worker;
    const request: RunRequest = { id: this.nextId++, scenario };
    const finish = () => {
      void worker.terminate();
      if (this.pending.get(uri) === entry) this.pending.delete(uri);
    };
    worker.once('message', (response: RunResponse) => {
      finish();
      if (this.pending.has(uri) && this.pending.get(uri) !== entry) return; // a newer version is on its way
      const result: RunResult = { uri, version: entry.version, trace: response.trace, millis: performance.now() - started };
      this.latest.set(uri, result);
      this.onResult(result);
    });
    worker.once('error', (e) => {
      finish();
      this.onError(uri, e instanceof Error ? e.message : String(e));
    });
    worker.postMessage(request);
  }
}
