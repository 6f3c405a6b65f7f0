/**
 * What the engine worker sends for the timeline panel: built from the full trace where the trace lives (the worker),
 * so the language server's thread only passes it on. The panel gets the model in its wire form (wire.ts), never the
 * trace; what else it needs of the trace (the status table at the time cursor, an export) it asks for by query
 * (run-queries.ts).
 */
import type { Trace } from '../trace/trace';
import { buildTimeline, type TimelineModel } from './model';
import { encodeTimeline, type WireTimeline } from './wire';

/** What the panel asks for (beyond the document). */
export type TimelineQuery = Record<string, never>;

/** What the panel gets. */
export interface TimelinePayload {
  /**
   * The JSON text of the model's wire form (`WireTimeline`) with `stringEnds` in place of its strings: numbers, for
   * the most part. Strings cross from the worker to the server, over LSP to the extension and on to the webview's
   * frames, each copy a copy of characters; only the webview turns them into arrays (`parseTimeline`). As objects,
   * the model would be rebuilt, element by element, at every one of those hops.
   */
  timeline: string;
  /**
   * Every string of the wire form, one after the other; `stringEnds` (in `timeline`) says where each ends. Beside
   * the JSON text, not inside it, where every quote would be escaped again on each hop.
   */
  text: string;
}

/**
 * The payload of each trace the worker keeps, made once: the panel asks again for the same run when it is shown
 * again or follows another document and comes back, and a 100,000-event model takes seconds to build.
 */
const made = new WeakMap<Trace, TimelinePayload>();

export function timelinePayload(trace: Trace, _query: TimelineQuery): TimelinePayload {
  let payload = made.get(trace);
  if (!payload) made.set(trace, (payload = payloadOf(buildTimeline(trace))));
  return payload;
}

/** The payload of a model. */
export function payloadOf(model: TimelineModel): TimelinePayload {
  const { strings, ...rest } = encodeTimeline(model);
  const stringEnds = new Array<number>(strings.length);
  let end = 0;
  for (let i = 0; i < strings.length; i++) stringEnds[i] = end += strings[i].length;
  return { timeline: JSON.stringify({ ...rest, stringEnds }), text: strings.join('') };
}

/** The wire form again from the payload. */
export function parseTimeline(payload: TimelinePayload): WireTimeline {
  const { stringEnds, ...rest } = JSON.parse(payload.timeline) as Omit<WireTimeline, 'strings'> & { stringEnds: number[] };
  const strings = new Array<string>(stringEnds.length);
  let start = 0;
  for (let i = 0; i < stringEnds.length; i++) {
    strings[i] = payload.text.slice(start, stringEnds[i]);
    start = stringEnds[i];
  }
  return { ...rest, strings };
}
