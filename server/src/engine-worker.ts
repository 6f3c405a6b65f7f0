/**
 * The engine in a worker thread: the language server posts a checked scenario, the worker answers with
 * the trace. Running off the server's thread keeps typing responsive, and a run is cancelled by
 * terminating its worker.
 */
import { parentPort } from 'node:worker_threads';
import { runScenario } from './run';
import type { RunRequest, RunResponse } from './run-protocol';

parentPort?.on('message', (request: RunRequest) => {
  const response: RunResponse = { id: request.id, trace: runScenario(request.scenario) };
  parentPort?.postMessage(response);
});
