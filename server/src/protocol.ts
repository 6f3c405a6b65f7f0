/**
 * The custom LSP messages between the extension and the language server, declared once and used by both sides
 * (the client bundle imports this file too), so the method names and payloads cannot drift apart.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { ExpectationTestResult } from './expectation-tests';
import type { TimelineFileFormat } from './timeline/export';
import type { TimelineScale } from './timeline/layout';
import type { TimelinePayload } from './timeline/payload';
import type { StatusTable } from './timeline/status-table';

/** The document whose timeline is asked for. */
export interface TimelineParams {
  uri: string;
}

/** The latest run of a document, and how it relates to the text now in the editor. */
export interface TimelineResult {
  uri: string;
  /** The version of the document the server has now; null when the document is not open in the server. */
  documentVersion: number | null;
  /** The latest run: the document version it ran, how long it took, the timeline's data; null when nothing ran yet. */
  run: ({ version: number; millis: number } & TimelinePayload) | null;
  /**
   * Why `run` is older than the document: `errors` (the text does not check, so it is not run; the last good run
   * stays on screen) or `running` (a newer run is on its way). Absent when the run is current.
   */
  stale?: 'errors' | 'running';
}

/** Sent by the extension (for the timeline panel and the export command): the latest run of a document (null: the server failed to answer). */
// eslint-disable-next-line @typescript-eslint/no-namespace
export namespace TimelineRequest {
  export const method = 'replscope/timeline';
  export const type = new RequestType<TimelineParams, TimelineResult | null, void>(method);
}

/** Every server's state at one instant of a run the panel shows (its time cursor). */
export interface TimelineStatusParams {
  uri: string;
  /** The document version of the run drawn. */
  version: number;
  time: number;
}

/** Sent by the extension for the panel's time cursor: the status table of that run at `time` (null: that run is gone, or none). */
// eslint-disable-next-line @typescript-eslint/no-namespace
export namespace TimelineStatusRequest {
  export const method = 'replscope/timelineStatus';
  export const type = new RequestType<TimelineStatusParams, StatusTable | null, void>(method);
}

/** The timeline of a document's latest run as a file, drawn as the panel shows it. */
export interface TimelineFileParams {
  uri: string;
  format: TimelineFileFormat;
  /** Groups drawn collapsed and lanes left out (the panel's view). */
  collapsed?: string[];
  hidden?: string[];
  /** The panel's scale: one row per event (the default), or time to scale. */
  scale?: TimelineScale;
}

export interface TimelineFileResult {
  /** The run drawn (its document version) and the file's text; null when nothing ran yet. */
  run: { version: number; text: string } | null;
  /** Why there is no run (see `TimelineResult.stale`). */
  stale?: 'errors' | 'running';
  /** Why the run's timeline is not exported (too many events), in words. */
  refused?: string;
}

/** Sent by the export command: the worker that keeps the trace writes the file. */
// eslint-disable-next-line @typescript-eslint/no-namespace
export namespace TimelineFileRequest {
  export const method = 'replscope/timelineFile';
  export const type = new RequestType<TimelineFileParams, TimelineFileResult | null, void>(method);
}

/** A document's trace changed (a run finished), or the document stopped being runnable. */
export interface TraceChangedParams {
  uri: string;
  /** The document version of the latest run (null: none yet). */
  version: number | null;
  /** The document version now. */
  documentVersion: number;
  /** False when the current text has errors and will not run. */
  runnable: boolean;
}

/** Sent by the server after each current run and when a document stops checking; the panel then asks `TimelineRequest`. */
// eslint-disable-next-line @typescript-eslint/no-namespace
export namespace TraceChangedNotification {
  export const method = 'replscope/traceChanged';
  export const type = new NotificationType<TraceChangedParams>(method);
}

/** Where a document's engine run stands, for the language status item. */
export interface RunStatusParams {
  uri: string;
  /** The document version the state is about. */
  version: number;
  /**
   * `running`: a run of `version` is under way; `done`: it finished (`millis`, `events`); `stale`: the text has errors,
   * so it is not run and the last run's results are kept; `too_big`: the run stopped at a limit (event cap, time or
   * memory budget: `message` says which); `failed`: the engine or its worker failed (`message`).
   */
  state: 'running' | 'done' | 'stale' | 'too_big' | 'failed';
  /** Wall-clock milliseconds of the run (done, too_big). */
  millis?: number;
  /** Engine events the run processed (done, too_big). */
  events?: number;
  /** A short sentence for the user (too_big, failed). */
  message?: string;
}

/** Sent by the server whenever a document's run state changes; the extension shows it in a language status item. */
// eslint-disable-next-line @typescript-eslint/no-namespace
export namespace RunStatusNotification {
  export const method = 'replscope/runStatus';
  export const type = new NotificationType<RunStatusParams>(method);
}

/** A file's expectations to run as tests: its text as the editor has it (open or not: the server need not know the file). */
export interface ExpectationTestsParams {
  uri: string;
  text: string;
}

/**
 * Sent by the extension's Test Explorer: runs every expectation of the text (one run, and the crash-point sweep when
 * it has `expect always` properties) in an engine worker; answers each test's outcome (null: the server failed to).
 */
// eslint-disable-next-line @typescript-eslint/no-namespace
export namespace ExpectationTestsRequest {
  export const method = 'replscope/expectationTests';
  export const type = new RequestType<ExpectationTestsParams, ExpectationTestResult[] | null, void>(method);
}
