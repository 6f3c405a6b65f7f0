/**
 * Messages between the language server and its engine workers. The full trace stays in the worker that made it:
 * the server gets a run's digest (what diagnostics and inlay hints need) and asks the worker small questions
 * about the trace (a hover, a window of the timeline).
 */
import type { Scenario } from './model/scenario';
import type { RunDigest } from './run-digest';
import type { RunBudget } from './run-budget';
import type { RunQuery } from './run-queries';

/** Sent by the server. */
export type ToWorker =
  /** Run this version of a document (a newer `run` of the same document supersedes it). */
  | { type: 'run'; id: number; uri: string; version: number; scenario: Scenario; budget: RunBudget }
  /** Answer a question about the full trace of `version` (null: the latest the worker has) of a document. */
  | { type: 'query'; id: number; uri: string; version: number | null; query: RunQuery }
  /** Run every expectation of a text as a test (expectation-tests.ts), outside any document's runs; answered by `answer`. */
  | { type: 'test'; id: number; text: string }
  /** The document closed: drop what the worker keeps of it. */
  | { type: 'forget'; uri: string };

/** Sent by a worker. */
export type FromWorker =
  /** Run `id` ended (settled, or at a limit the digest names). */
  | { type: 'ran'; id: number; uri: string; version: number; digest: RunDigest; millis: number }
  /** Run `id` was superseded by a newer version before it ended. */
  | { type: 'superseded'; id: number; uri: string; version: number }
  /** The answer to query `id`: null when the worker has no run of that version. */
  | { type: 'answer'; id: number; value: unknown; error?: string };
