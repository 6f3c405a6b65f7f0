/** Messages between the language server and its engine worker. */
import type { Trace } from './trace/trace';
import type { Scenario } from './model/scenario';

/** Sent by the server: run this scenario. */
export interface RunRequest {
  id: number;
  scenario: Scenario;
}

/** Sent by the worker: the trace of run `id`. */
export interface RunResponse {
  id: number;
  trace: Trace;
}
