/**
 * The messages between the timeline panel (extension host) and its webview (client/webview/main.ts), typed in
 * both directions. Both bundles import these types; nothing here runs.
 */
import type { TimelinePayload } from '../../server/src/timeline/payload';
import type { TimelineScale } from '../../server/src/timeline/layout';
import type { StatusTable } from '../../server/src/timeline/status-table';

/** What the webview keeps across new traces, hidden tabs and window reloads (webview state + the serializer). */
export interface TimelineViewState {
  /** The document the panel follows. */
  uri?: string;
  zoom: number;
  /** Collapsed groups (`clients`, `server:m1`). */
  collapsed: string[];
  /** Hidden lanes. */
  hidden: string[];
  /** Time of the event at the top of the view: the place kept when a new trace moves rows. */
  topTime: number | null;
  /** The time cursor, and which event it is on (lane|kind|txn) to find the same event in a new trace. */
  cursorTime: number | null;
  cursorKey: string | null;
  search: string;
  /** Only the events that match the search get rows (the others are dimmed when it is off). */
  filter?: boolean;
  /** How time runs down: one row per event (absent: the default), or to scale. */
  scale?: TimelineScale;
  /** A transaction emphasised across every lane. */
  txn: string | null;
  /** The details panel (time cursor's status table, verdicts, transactions): shown, hidden, or null to decide by the panel's width. */
  details: boolean | null;
}

/** The extension tells the webview. */
export type ExtensionToWebview =
  /** A run to draw: its timeline model in wire form, as JSON text (see `TimelinePayload`; the trace stays in the engine worker). */
  | ({
      type: 'timeline';
      uri: string;
      fileName: string;
      /** Document version of the run. */
      version: number;
      documentVersion: number | null;
      stale?: 'errors' | 'running';
      millis: number;
    } & TimelinePayload)
  /** The answer to a `statusAt`: every server's state at `time` in the run of `version` (null: that run is gone). */
  | { type: 'status'; requestId: number; version: number; time: number; table: StatusTable | null }
  /** Nothing to draw yet (no run, the file has errors, no .repl editor). */
  | { type: 'empty'; uri: string | null; fileName: string; message: string }
  /** The document changed and the drawn run is now older than the text (or current again). */
  | { type: 'stale'; uri: string; stale: 'errors' | 'running' | null; documentVersion: number }
  /** The editor's cursor line in the followed document (zero-based), to highlight its events. */
  | { type: 'editorLine'; uri: string; line: number | null }
  /** Draw the whole timeline of `uri` as the exported SVG on a canvas and answer with a `png`. */
  | { type: 'renderPng'; requestId: number; uri: string }
  /** Test hook: answer with a `snapshot` of the rendered DOM. */
  | { type: 'snapshotRequest'; requestId: number }
  /** Test hook: click the mark whose text contains `text`, as a user would. */
  | { type: 'simulateClick'; requestId: number; text: string }
  /** Test hook: press `key` on the diagram, as a user would. */
  | { type: 'simulateKey'; requestId: number; key: string };

/** What the rendered webview shows, read from its DOM (for the integration tests). */
export interface TimelineSnapshot {
  uri: string | null;
  version: number | null;
  banner: string;
  groups: string[];
  lanes: string[];
  /** Text of every rendered mark (title, positions, note). */
  marks: string[];
  positions: string[];
  /** Text of the marks highlighted for the editor's line. */
  highlighted: string[];
  cursor: string | null;
  /** Whether the details panel is shown. */
  details: boolean;
  status: string;
  verdicts: string[];
  /** The sentences of the run's story above the diagram (the conclusion first). */
  story: string[];
  rowCount: number;
  renderedMarks: number;
  /** `<img>` and `<script>` elements in the page: a hostile name must add none. */
  imgCount: number;
  scriptCount: number;
  /** Milliseconds of the last update: parsing the message's timeline, decoding the model, layout, first render of the window. */
  timings: { parse: number; model: number; layout: number; render: number };
}

/** The webview tells the extension. */
export type WebviewToExtension =
  /** Loaded; `state` is what it restored (null on a fresh panel). */
  | { type: 'ready'; state: TimelineViewState | null }
  /** The user chose an event: reveal and select its source line. */
  | { type: 'reveal'; uri: string; line: number; eventId: number }
  /** The view changed (debounced): the export writes what the user sees. */
  | { type: 'viewState'; state: TimelineViewState }
  | { type: 'export'; format: 'svg' | 'html' | 'png' }
  /** The answer to a `renderPng`: the picture as a `data:image/png;base64,` URL, or why there is none. */
  | { type: 'png'; requestId: number; dataUrl: string }
  /** `pending`: the document's run is not drawn yet (ask again); else the picture cannot be made (too large). */
  | { type: 'png'; requestId: number; error: string; pending: boolean }
  /** The time cursor moved: the status table of the run of `version` at `time`, please. */
  | { type: 'statusAt'; requestId: number; version: number; time: number }
  | { type: 'snapshot'; requestId: number; snapshot: TimelineSnapshot }
  | { type: 'clicked'; requestId: number; found: boolean }
  | { type: 'pressed'; requestId: number }
  | { type: 'log'; level: 'info' | 'error'; message: string };
