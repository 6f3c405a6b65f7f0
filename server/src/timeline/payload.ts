/**
 * What the engine worker sends for the timeline panel: built from the full trace where the trace lives (the worker),
 * so the language server's thread only passes it on.
 */
import type { Trace } from '../trace/trace';

/** What the panel asks for (beyond the document). */
export type TimelineQuery = Record<string, never>;

/** What the panel gets. */
export interface TimelinePayload {
  trace: Trace;
}

export function timelinePayload(trace: Trace, _query: TimelineQuery): TimelinePayload {
  return { trace };
}
