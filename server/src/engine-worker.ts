/**
 * The engine in a worker thread. The language server posts a checked scenario per document version; the worker
 * runs it as a summary run, a slice of events at a time, and answers with its digest. Between slices it lets
 * messages in: a newer version of the same document supersedes the run under way (cooperative cancellation),
 * and the time and memory budgets are checked, so a run ends with a limit that says what it reached instead of
 * running the worker out of memory.
 *
 * The full trace of a document's latest run is built here on the first question about it (a hover, the timeline)
 * and kept for the next ones; it never crosses to the server.
 */
import { parentPort } from 'node:worker_threads';
import { startRun } from './run';
import { digestOf } from './run-digest';
import { runExpectationTests } from './expectation-tests';
import { answerQuery } from './run-queries';
import { BUDGET_SLICE, runWithin, stopIfOverBudget, type RunBudget } from './run-budget';
import type { FromWorker, ToWorker } from './run-protocol';
import type { Scenario } from './model/scenario';
import type { RunSummary, Trace } from './trace/trace';

type RunMessage = Extract<ToWorker, { type: 'run' }>;

/** A document's latest run: its scenario, and its full trace once someone asked about it. */
interface Document {
  version: number;
  scenario: Scenario;
  budget: RunBudget;
  trace?: Trace;
}

/** How long a run keeps the event loop before it lets messages in. */
const YIELD_MS = 8;

const documents = new Map<string, Document>();
/** The newest run asked for each document, not started yet (insertion order: first come, first run). */
const wanted = new Map<string, RunMessage>();
let running = false;

const post = (message: FromWorker) => parentPort?.postMessage(message);
const yieldToMessages = () => new Promise<void>((resolve) => setImmediate(resolve));

parentPort?.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'run':
      wanted.delete(message.uri); // re-inserted last: an older request of this document gives up its place
      wanted.set(message.uri, message);
      pump();
      return;
    case 'query':
      answer(message);
      return;
    case 'test':
      test(message);
      return;
    case 'forget':
      wanted.delete(message.uri);
      documents.delete(message.uri);
      return;
  }
});

function pump(): void {
  if (running) return;
  const next = wanted.values().next();
  if (next.done) return;
  wanted.delete(next.value.uri);
  running = true;
  void execute(next.value).finally(() => {
    running = false;
    pump();
  });
}

async function execute(request: RunMessage): Promise<void> {
  const started = performance.now();
  const run = startRun(request.scenario, { maxEvents: request.budget.maxEvents }, 'summary');
  let lastYield = started;
  while (!run.advance(BUDGET_SLICE)) {
    if (stopIfOverBudget(run, request.budget, started)) break;
    if (performance.now() - lastYield >= YIELD_MS) {
      await yieldToMessages();
      lastYield = performance.now();
      if (wanted.has(request.uri)) return void post({ type: 'superseded', id: request.id, uri: request.uri, version: request.version });
    }
  }
  const summary: RunSummary = run.result();
  documents.set(request.uri, { version: request.version, scenario: request.scenario, budget: request.budget });
  post({
    type: 'ran',
    id: request.id,
    uri: request.uri,
    version: request.version,
    digest: digestOf(summary),
    millis: performance.now() - started,
  });
}

function answer(message: Extract<ToWorker, { type: 'query' }>): void {
  try {
    const trace = traceOf(message.uri, message.version);
    post({ type: 'answer', id: message.id, value: trace ? answerQuery(trace, message.query) : null });
  } catch (e) {
    post({ type: 'answer', id: message.id, value: null, error: e instanceof Error ? e.message : String(e) });
  }
}

/** The full trace of a document's latest run (if it is `version`), built now if nobody asked before. */
function traceOf(uri: string, version: number | null): Trace | undefined {
  const document = documents.get(uri);
  if (!document || (version !== null && document.version !== version)) return undefined;
  if (!document.trace) {
    document.trace = runWithin(startRun(document.scenario, { maxEvents: document.budget.maxEvents }, 'full'), document.budget);
  }
  return document.trace;
}

/** A test run: every expectation of the text, answered at once (it keeps nothing, and no document's run waits on it but this worker's next). */
function test(message: Extract<ToWorker, { type: 'test' }>): void {
  try {
    post({ type: 'answer', id: message.id, value: runExpectationTests(message.text) });
  } catch (e) {
    post({ type: 'answer', id: message.id, value: null, error: e instanceof Error ? e.message : String(e) });
  }
}
