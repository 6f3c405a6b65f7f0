/**
 * Runs the engine for each document off the keystroke path: a run starts once the text has been quiet for
 * a moment (debounce), a newer version cancels an older run (its worker is terminated), and a result is
 * delivered only if it is for the version it was asked for, so a stale trace is never shown.
 *
 * Each document keeps a warm worker between runs, so a run does not pay for starting a thread and loading
 * the engine; only a cancelled run costs a new worker.
 */
import { Worker } from 'node:worker_threads';
import type { Trace } from './trace/trace';
import type { Scenario } from './model/scenario';
import type { RunRequest, RunResponse } from './run-protocol';

export interface RunResult {
  uri: string;
  version: number;
  trace: Trace;
  /** Wall-clock milliseconds from the start of the run to the trace back in the server, for the log. */
  millis: number;
}

/** What a document's request is doing: waiting out the debounce, or running as request `id`. */
interface Pending {
  version: number;
  timer?: ReturnType<typeof setTimeout>;
  id?: number;
  started?: number;
}

export class RunScheduler {
  private readonly pending = new Map<string, Pending>();
  private readonly workers = new Map<string, Worker>();
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
    if (entry.id !== undefined) this.stopWorker(uri); // it is busy with a run nobody wants any more
    this.pending.delete(uri);
  }

  /** Drops everything about a closed document. */
  forget(uri: string): void {
    this.cancel(uri);
    this.stopWorker(uri);
    this.latest.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.pending.keys()]) this.cancel(uri);
    for (const uri of [...this.workers.keys()]) this.stopWorker(uri);
  }

  private start(uri: string, entry: Pending, scenario: Scenario): void {
    entry.timer = undefined;
    entry.id = this.nextId++;
    entry.started = performance.now();
    const request: RunRequest = { id: entry.id, scenario };
    this.workerFor(uri).postMessage(request);
  }

  private workerFor(uri: string): Worker {
    const existing = this.workers.get(uri);
    if (existing) return existing;
    const worker = new Worker(this.workerPath);
    worker.on('message', (response: RunResponse) => this.finished(uri, response));
    worker.on('error', (e) => {
      this.stopWorker(uri);
      this.pending.delete(uri);
      this.onError(uri, e instanceof Error ? e.message : String(e));
    });
    this.workers.set(uri, worker);
    return worker;
  }

  private finished(uri: string, response: RunResponse): void {
    const entry = this.pending.get(uri);
    if (entry?.id !== response.id) return; // an answer to a request that was replaced
    this.pending.delete(uri);
    const result: RunResult = { uri, version: entry.version, trace: response.trace, millis: performance.now() - (entry.started ?? 0) };
    this.latest.set(uri, result);
    this.onResult(result);
  }

  private stopWorker(uri: string): void {
    const worker = this.workers.get(uri);
    if (!worker) return;
    this.workers.delete(uri);
    void worker.terminate();
  }
}
