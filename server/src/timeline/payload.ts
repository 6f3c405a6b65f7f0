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
   * The JSON text of the model's wire form (`WireTimeline`). One string crosses from the worker to the server, over
   * LSP to the extension and on to the webview's frames, each copy a copy of characters; only the webview turns it
   * into arrays (`parseTimeline`). As objects, it would be rebuilt, field by field, at every one of those hops.
   */
  timeline: string;
}

export function timelinePayload(trace: Trace, _query: TimelineQuery): TimelinePayload {
  return { timeline: JSON.stringify(encodeTimeline(buildTimeline(trace))) };
}

/** The wire form again from the payload's text. */
export function parseTimeline(text: string): WireTimeline {
  return JSON.parse(text) as WireTimeline;
}
