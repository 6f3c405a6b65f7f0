/**
 * What the engine worker sends for the timeline panel: built from the full trace where the trace lives (the worker),
 * so the language server's thread only passes it on. The panel gets the model in its wire form (wire.ts), never the
 * trace; what else it needs of the trace (the status table at the time cursor, an export) it asks for by query
 * (run-queries.ts).
 */
import type { Trace } from '../trace/trace';
import { buildTimeline } from './model';
import { encodeTimeline, type WireTimeline } from './wire';

/** What the panel asks for (beyond the document). */
export type TimelineQuery = Record<string, never>;

/** What the panel gets. */
export interface TimelinePayload {
  /**
   * The JSON text of the model's wire form (`WireTimeline`) but its strings: numbers, for the most part. One string
   * crosses from the worker to the server, over LSP to the extension and on to the webview's frames, each copy a
   * copy of characters; only the webview turns it into arrays (`parseTimeline`). As objects, it would be rebuilt,
   * element by element, at every one of those hops.
   */
  timeline: string;
  /** `WireTimeline.strings`, beside the text: inside it, every quote would be escaped again on each JSON hop. */
  strings: string[];
}

export function timelinePayload(trace: Trace, _query: TimelineQuery): TimelinePayload {
  const { strings, ...rest } = encodeTimeline(buildTimeline(trace));
  return { timeline: JSON.stringify(rest), strings };
}

/** The wire form again from the payload. */
export function parseTimeline(payload: TimelinePayload): WireTimeline {
  return { ...(JSON.parse(payload.timeline) as Omit<WireTimeline, 'strings'>), strings: payload.strings };
}
