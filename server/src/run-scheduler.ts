/**
 * Runs the engine for each open document on a small pool of worker threads, off the server's thread.
 *
 * - A document sticks to one worker (the one with the fewest documents when it first ran): that worker keeps the
 *   full trace of its latest run and answers questions about it (`query`), so the trace never crosses over here.
 * - A new version starts at once when the document's last run was fast, and after a pause in proportion to it when
 *   it was slow (a burst of keystrokes then gives one run, not one per key). It is posted to the busy worker, which
 *   supersedes the older run at its next checkpoint; nothing is terminated.
 * - A run has a time and a memory budget; the worker ends it at either with a limit in its digest. A worker that dies
 *   anyway (out of memory beyond the budget) is replaced, and the documents it was running are told why.
 * - A result is delivered only for the version it was asked for, so a stale digest is never shown.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { ExpectationTestResult } from './expectation-tests';
import type { Scenario } from './model/scenario';
import type { RunDigest } from './run-digest';
import type { RunAnswers, RunQuery } from './run-queries';
import type { RunBudget } from './run-budget';
import type { FromWorker, ToWorker } from './run-protocol';

export interface RunResult {
  uri: string;
  version: number;
  digest: RunDigest;
  /** Wall-clock milliseconds from the request to the digest back in the server. */
  millis: number;
}

/** What the scheduler tells the server. */
export interface RunListener {
  /** A run of a document's version has started in a worker. */
  started(uri: string, version: number): void;
  /** A run ended (the server checks it is for the current version before using it). */
  finished(result: RunResult): void;
  /** A run could not end: its worker failed. */
  failed(uri: string, version: number, message: string): void;
}

export interface SchedulerOptions {
  /** Worker threads; default: the number of cores, at most 2. */
  workers?: number;
  budget?: RunBudget;
  /** Extra pause before a run, on top of the adaptive one (tests). */
  minDelayMs?: number;
}

/** Each run's default budget in the editor. */
export const EDITOR_BUDGET: RunBudget = { millis: 20_000, heapMb: 512 };

/** A run of this length or shorter starts the next version at once. */
const FAST_MS = 30;
/** The longest pause before a run. */
const MAX_DELAY_MS = 300;

interface Slot {
  worker: Worker;
  documents: Set<string>;
}

/** A document's request: waiting out its pause, or running as request `id`. */
interface Pending {
  version: number;
  timer?: ReturnType<typeof setTimeout>;
  id?: number;
  posted?: number;
}

export class RunScheduler {
  private readonly slots: (Slot | undefined)[];
  private readonly home = new Map<string, number>();
  private readonly pending = new Map<string, Pending>();
  private readonly latest = new Map<string, RunResult>();
  private readonly lastMillis = new Map<string, number>();
  private readonly queries = new Map<number, { slot: Slot; resolve: (value: unknown) => void }>();
  private readonly budget: RunBudget;
  private nextId = 1;
  private disposed = false;

  constructor(
    private readonly workerPath: string,
    private readonly listener: RunListener,
    private readonly options: SchedulerOptions = {},
  ) {
    this.slots = new Array<Slot | undefined>(Math.max(1, options.workers ?? Math.min(2, availableParallelism()))).fill(undefined);
    this.budget = options.budget ?? EDITOR_BUDGET;
  }

  /** Asks for a run of `scenario` for version `version` of `uri`, superseding any older request. */
  schedule(uri: string, version: number, scenario: Scenario): void {
    const before = this.pending.get(uri);
    if (before?.timer) clearTimeout(before.timer);
    const entry: Pending = { version };
    this.pending.set(uri, entry);
    const delay = this.delayFor(uri);
    if (delay === 0) this.post(uri, entry, scenario);
    else entry.timer = setTimeout(() => this.post(uri, entry, scenario), delay);
  }

  /** The last result delivered for `uri`, if it is for `version`. */
  resultFor(uri: string, version: number): RunResult | undefined {
    const r = this.latest.get(uri);
    return r?.version === version ? r : undefined;
  }

  /** The last result delivered for `uri`, whatever its version. */
  lastResult(uri: string): RunResult | undefined {
    return this.latest.get(uri);
  }

  /** Asks the worker that ran `uri` about the full trace of `version` (null: its latest); null when it has none. */
  query<K extends RunQuery['kind']>(
    uri: string,
    version: number | null,
    query: Extract<RunQuery, { kind: K }>,
  ): Promise<RunAnswers[K] | null> {
    const index = this.home.get(uri);
    const slot = index === undefined ? undefined : this.slots[index];
    if (!slot || this.disposed) return Promise.resolve(null);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.queries.set(id, { slot, resolve: (value) => resolve(value as RunAnswers[K] | null) });
      this.send(slot, { type: 'query', id, uri, version, query });
    });
  }

  /**
   * Runs every expectation of `text` as a test (expectation-tests.ts) on the least busy worker; null when the worker
   * failed or the scheduler is disposed. Nothing of it is kept: it is not a document's run.
   */
  test(text: string): Promise<ExpectationTestResult[] | null> {
    if (this.disposed) return Promise.resolve(null);
    let index = 0;
    for (let i = 1; i < this.slots.length; i++)
      if ((this.slots[i]?.documents.size ?? 0) < (this.slots[index]?.documents.size ?? 0)) index = i;
    const slot = this.slots[index] ?? this.start(index);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.queries.set(id, { slot, resolve: (value) => resolve(value as ExpectationTestResult[] | null) });
      this.send(slot, { type: 'test', id, text });
    });
  }

  /** Stops waiting for the document's current request (a run under way is superseded by the next one, or dropped). */
  cancel(uri: string): void {
    const entry = this.pending.get(uri);
    if (entry?.timer) clearTimeout(entry.timer);
    this.pending.delete(uri);
  }

  /** Drops everything about a closed document, here and in its worker. */
  forget(uri: string): void {
    this.cancel(uri);
    this.latest.delete(uri);
    this.lastMillis.delete(uri);
    const index = this.home.get(uri);
    this.home.delete(uri);
    const slot = index === undefined ? undefined : this.slots[index];
    if (!slot) return;
    slot.documents.delete(uri);
    this.send(slot, { type: 'forget', uri });
  }

  dispose(): void {
    this.disposed = true;
    for (const entry of this.pending.values()) if (entry.timer) clearTimeout(entry.timer);
    this.pending.clear();
    for (const slot of this.slots) void slot?.worker.terminate();
    this.slots.fill(undefined);
    for (const q of this.queries.values()) q.resolve(null);
    this.queries.clear();
  }

  /** No pause after a fast run; after a slow one, a pause of half its length (at most `MAX_DELAY_MS`). */
  private delayFor(uri: string): number {
    const last = this.lastMillis.get(uri) ?? 0;
    const adaptive = last <= FAST_MS ? 0 : Math.min(MAX_DELAY_MS, last / 2);
    return adaptive + (this.options.minDelayMs ?? 0);
  }

  private post(uri: string, entry: Pending, scenario: Scenario): void {
    if (this.disposed || this.pending.get(uri) !== entry) return;
    entry.timer = undefined;
    entry.id = this.nextId++;
    entry.posted = performance.now();
    const slot = this.slotFor(uri);
    this.send(slot, { type: 'run', id: entry.id, uri, version: entry.version, scenario, budget: this.budget });
    this.listener.started(uri, entry.version);
  }

  private send(slot: Slot, message: ToWorker): void {
    slot.worker.postMessage(message);
  }

  /** The worker of `uri`: its home, or the one with the fewest documents (started when needed). */
  private slotFor(uri: string): Slot {
    let index = this.home.get(uri);
    if (index === undefined) {
      index = 0;
      for (let i = 1; i < this.slots.length; i++)
        if ((this.slots[i]?.documents.size ?? 0) < (this.slots[index]?.documents.size ?? 0)) index = i;
      this.home.set(uri, index);
    }
    const slot = this.slots[index] ?? this.start(index);
    slot.documents.add(uri);
    return slot;
  }

  private start(index: number): Slot {
    const worker = new Worker(this.workerPath, {
      // A backstop above the run's own memory budget: past it the worker dies, and is replaced.
      resourceLimits: { maxOldGenerationSizeMb: Math.round(Math.max(this.budget.heapMb * 1.5, this.budget.heapMb + 256)) },
    });
    // The server's connection keeps the process alive, not its workers: a scheduler nobody disposed never holds it.
    worker.unref();
    const slot: Slot = { worker, documents: new Set() };
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (e) => this.lost(index, slot, e instanceof Error ? e.message : String(e)));
    worker.on('exit', (code) => this.lost(index, slot, `the engine's worker exited (code ${code})`));
    this.slots[index] = slot;
    return slot;
  }

  private receive(message: FromWorker): void {
    if (message.type === 'answer') {
      const query = this.queries.get(message.id);
      this.queries.delete(message.id);
      query?.resolve(message.value);
      return;
    }
    const entry = this.pending.get(message.uri);
    if (entry?.id !== message.id) return; // an answer to a request that was replaced
    if (message.type === 'superseded') return;
    this.pending.delete(message.uri);
    const result: RunResult = {
      uri: message.uri,
      version: message.version,
      digest: message.digest,
      millis: performance.now() - (entry.posted ?? 0),
    };
    this.lastMillis.set(message.uri, message.millis);
    this.latest.set(message.uri, result);
    this.listener.finished(result);
  }

  /** A worker died: its documents lose their traces; the ones it was running are told; the next run starts a new worker. */
  private lost(index: number, slot: Slot, why: string): void {
    if (this.slots[index] !== slot || this.disposed) return;
    this.slots[index] = undefined;
    for (const uri of slot.documents) {
      const entry = this.pending.get(uri);
      if (entry?.id === undefined) continue;
      this.pending.delete(uri);
      // A run that kills its worker will do so again: the next one waits for the next change, after a long pause.
      this.lastMillis.set(uri, MAX_DELAY_MS * 2);
      this.listener.failed(uri, entry.version, why);
    }
    slot.documents.clear();
    for (const [id, query] of this.queries) {
      if (query.slot !== slot) continue;
      this.queries.delete(id);
      query.resolve(null);
    }
    for (const [uri, home] of this.home) if (home === index) this.home.delete(uri);
    void slot.worker.terminate();
  }
}
