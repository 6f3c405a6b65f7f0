/**
 * The webview is a page that renders strings from the file: whatever it sends is checked here before the extension
 * acts on it. A message must have its declared shape; a `reveal` may only name the document the panel shows; a view
 * state is rebuilt field by field within bounds (it is stored, restored after a reload and read by the export); a
 * restored document is followed only if it is a `.repl` file. Pure (no `vscode`), so that it is tested in node.
 */
import { PNG_MAX_DATA_URL } from '../../server/src/timeline/png';
import type { TimelineViewState, WebviewToExtension } from './webview-messages';

const maxText = 1000;
const maxList = 10_000;
const maxLine = 10_000_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown, max = maxText): value is string {
  return typeof value === 'string' && value.length <= max;
}

function isCount(value: unknown, max = Number.MAX_SAFE_INTEGER): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

function finiteOrNull(value: unknown): number | null | undefined {
  if (value === null) return null;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function textOrNull(value: unknown): string | null | undefined {
  if (value === null) return null;
  return isText(value) ? value : undefined;
}

function texts(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length > maxList) return undefined;
  return value.every((v) => isText(v)) ? value : undefined;
}

/**
 * A document the panel may follow after a reload: a `.repl` file (local, remote or virtual), or an untitled
 * document; no query, no fragment, no other scheme (`command:`, `http:` …).
 */
export function isFollowableUri(value: unknown): value is string {
  if (!isText(value, 4096)) return false;
  if (/^untitled:[^?#]*$/.test(value)) return true;
  return /^(file|vscode-remote|vscode-vfs):[^?#]*\.repl$/i.test(value);
}

/** A view state rebuilt from what was sent or saved; undefined unless every field has its type and bounds. */
export function validViewState(value: unknown): TimelineViewState | undefined {
  if (!isRecord(value)) return undefined;
  const { zoom, collapsed, hidden, topTime, cursorTime, cursorKey, search, filter, scale, txn, details, uri } = value;
  const state = {
    zoom: typeof zoom === 'number' && Number.isFinite(zoom) && zoom > 0 && zoom <= 1e6 ? zoom : undefined,
    collapsed: texts(collapsed),
    hidden: texts(hidden),
    topTime: finiteOrNull(topTime),
    cursorTime: finiteOrNull(cursorTime),
    cursorKey: textOrNull(cursorKey),
    search: isText(search) ? search : undefined,
    txn: textOrNull(txn),
    details: details === null || typeof details === 'boolean' ? details : undefined,
  };
  if (Object.values(state).some((v) => v === undefined)) return undefined;
  if (filter !== undefined && typeof filter !== 'boolean') return undefined;
  if (scale !== undefined && scale !== 'events' && scale !== 'time') return undefined;
  const valid: TimelineViewState = {
    ...(state as TimelineViewState),
    ...(filter !== undefined ? { filter } : {}),
    ...(scale !== undefined ? { scale } : {}),
  };
  // A document that is not one to follow is dropped, not the whole state.
  return isFollowableUri(uri) ? { ...valid, uri } : valid;
}

/**
 * The message the webview sent, if it is one of `WebviewToExtension` with every field of its type; a `reveal` only
 * for the document the panel shows (`panelUri`). Anything else is undefined: ignored.
 */
export function parseWebviewMessage(value: unknown, panelUri: string | undefined): WebviewToExtension | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'ready':
      return { type: 'ready', state: validViewState(value.state) ?? null };
    case 'reveal':
      if (panelUri === undefined || value.uri !== panelUri || !isCount(value.line, maxLine) || !isCount(value.eventId)) return undefined;
      return { type: 'reveal', uri: panelUri, line: value.line, eventId: value.eventId };
    case 'viewState': {
      const state = validViewState(value.state);
      return state ? { type: 'viewState', state } : undefined;
    }
    case 'export':
      return value.format === 'svg' || value.format === 'html' || value.format === 'png'
        ? { type: 'export', format: value.format }
        : undefined;
    case 'png':
      // The picture itself is checked where it is written (png-image.ts): here its kind and its size.
      if (!isCount(value.requestId)) return undefined;
      if (
        typeof value.dataUrl === 'string' &&
        value.dataUrl.startsWith('data:image/png;base64,') &&
        value.dataUrl.length <= PNG_MAX_DATA_URL
      )
        return { type: 'png', requestId: value.requestId, dataUrl: value.dataUrl };
      return typeof value.error === 'string' && typeof value.pending === 'boolean' && value.dataUrl === undefined
        ? { type: 'png', requestId: value.requestId, error: value.error.slice(0, maxText), pending: value.pending }
        : undefined;
    case 'statusAt':
      return isCount(value.requestId) && isCount(value.version) && typeof value.time === 'number' && Number.isFinite(value.time)
        ? { type: 'statusAt', requestId: value.requestId, version: value.version, time: value.time }
        : undefined;
    case 'snapshot':
      return isCount(value.requestId) && isRecord(value.snapshot)
        ? { type: 'snapshot', requestId: value.requestId, snapshot: value.snapshot as never }
        : undefined;
    case 'clicked':
      return isCount(value.requestId) && typeof value.found === 'boolean'
        ? { type: 'clicked', requestId: value.requestId, found: value.found }
        : undefined;
    case 'pressed':
      return isCount(value.requestId) ? { type: 'pressed', requestId: value.requestId } : undefined;
    case 'log':
      return (value.level === 'info' || value.level === 'error') && typeof value.message === 'string'
        ? { type: 'log', level: value.level, message: value.message.slice(0, 10_000) }
        : undefined;
    default:
      return undefined;
  }
}

/**
 * Why an export may not write to `target` (undefined when it may): only a `.svg`, `.html`, `.htm` or `.png` file, with the
 * scheme of the document or `file`, inside one of `roots` (the workspace folders, the document's folder). A target
 * chosen in the save dialog is the user's choice and is not checked; a target given as a command argument is.
 */
export function exportTargetProblem(
  target: { scheme: string; path: string },
  document: { scheme: string },
  roots: { scheme: string; path: string }[],
): string | undefined {
  if (target.scheme !== 'file' && target.scheme !== document.scheme) return `cannot export to a ${target.scheme}: address`;
  if (!/\.(svg|html?|png)$/i.test(target.path)) return 'an export is written to a .svg, .html, .htm or .png file';
  const normal = normalize(target.path);
  if (normal === undefined) return 'the target path goes above its root';
  const inside = roots.some((r) => r.scheme === target.scheme && normal.startsWith(`${normalize(r.path)?.replace(/\/$/, '') ?? '\0'}/`));
  return inside ? undefined : 'an export given as an argument is written inside the workspace or next to the document';
}

/** `/a/./b/../c` → `/a/c`; undefined if `..` goes above the root. */
function normalize(path: string): string | undefined {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return `/${out.join('/')}`;
}
