/**
 * Runs an exploration's cases on a pool of worker threads (dist/explore-worker.js): the policies' scenarios go to each
 * worker once, then the cases in small batches, the next batch to whichever worker answers first. The outcomes are
 * tallied as they come; since the tally does not depend on their order, the result is the one `explore` gives.
 */
import { Worker } from 'node:worker_threads';
import type { OutcomeClass } from './outcome';
import {
  planExploration,
  Tally,
  type ExploreCase,
  type ExploreOptions,
  type ExploreProperty,
  type Exploration,
  type PolicyScenario,
} from './explore';
import type { Scenario } from '../model/scenario';

/** What the pool tells a worker. */
export type ToExploreWorker = { type: 'policies'; scenarios: Scenario[] } | { type: 'cases'; cases: ExploreCase[] };

/** What a worker answers: each case of the batch with its class. */
export type FromExploreWorker =
  { type: 'outcomes'; outcomes: { case: ExploreCase; outcome: OutcomeClass }[] } | { type: 'error'; message: string };

export interface PoolOptions extends ExploreOptions {
  /** The worker script (dist/explore-worker.js). */
  workerPath: string;
  /** How many workers (default 2). */
  jobs?: number;
  /** Cases per message. */
  batch?: number;
  /** Told after each batch: cases done so far, and how many there are. */
  onProgress?: (done: number, total: number) => void;
  /** Told of the result so far (the cases done), at most every `partialEvery` ms: a view can draw it as it comes. */
  onPartial?: (partial: Exploration) => void;
  partialEvery?: number;
  /** Stops the workers: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Runs every case of the plan on `jobs` workers. */
export async function exploreInPool(policies: PolicyScenario[], properties: ExploreProperty[], options: PoolOptions): Promise<Exploration> {
  const plan = planExploration(policies, options);
  const tally = new Tally(plan);
  const total = plan.cases.length;
  const batch = options.batch ?? 16;
  const jobs = Math.max(1, Math.min(options.jobs ?? 2, Math.ceil(total / batch)));
  let next = 0;
  let done = 0;
  let lastPartial = Date.now();
  const workers: Worker[] = [];
  let abort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    abort = () => reject(options.signal?.reason instanceof Error ? options.signal.reason : new Error('exploration cancelled'));
    if (options.signal?.aborted) abort();
    else options.signal?.addEventListener('abort', abort, { once: true });
  });
  // A rejection nobody awaits yet (the run may end first) is not an unhandled one.
  aborted.catch(() => undefined);
  try {
    const running = Promise.all(
      Array.from({ length: jobs }, () => {
        const worker = new Worker(options.workerPath);
        workers.push(worker);
        const send = (message: ToExploreWorker) => worker.postMessage(message);
        return new Promise<void>((resolve, reject) => {
          const feed = () => {
            if (next >= total) return resolve();
            const cases = plan.cases.slice(next, next + batch);
            next += cases.length;
            send({ type: 'cases', cases });
          };
          worker.on('message', (message: FromExploreWorker) => {
            if (message.type === 'error') return reject(new Error(message.message));
            for (const o of message.outcomes) tally.add(o.case, o.outcome);
            done += message.outcomes.length;
            options.onProgress?.(done, total);
            if (options.onPartial && done < total && Date.now() - lastPartial >= (options.partialEvery ?? 500)) {
              lastPartial = Date.now();
              options.onPartial(tally.result(properties));
            }
            feed();
          });
          worker.on('error', reject);
          worker.on('exit', (code) => (next < total || code !== 0 ? reject(new Error(`an explore worker exited (${code})`)) : resolve()));
          send({ type: 'policies', scenarios: policies.map((p) => p.scenario) });
          feed();
        });
      }),
    );
    running.catch(() => undefined);
    await Promise.race([running, aborted]);
  } finally {
    if (abort) options.signal?.removeEventListener('abort', abort);
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return tally.result(properties);
}
