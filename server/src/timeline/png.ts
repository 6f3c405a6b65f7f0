/**
 * The timeline as a PNG image: the webview draws the exported SVG on a canvas (a browser is what can rasterise it)
 * and sends the picture back as a data URL; the extension checks what came before writing it. Pure (no `vscode`, no
 * DOM): the webview and the extension use it, node tests it.
 */

/** Chromium's largest canvas: 32,767 pixels a side and 268,435,456 in all (and a canvas past it draws nothing). */
export const CANVAS_MAX_SIDE = 32_767;
export const CANVAS_MAX_AREA = 268_435_456;

/** The largest data URL taken from the webview (a picture at the canvas limits compresses to far less). */
export const PNG_MAX_DATA_URL = 200_000_000;

const PREFIX = 'data:image/png;base64,';
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** `IHDR` as the four bytes of a chunk type. */
const IHDR = 0x49484452;

/**
 * Device pixels per SVG pixel for a picture of `width`×`height`: 2 (sharp on a high-density screen and when zoomed
 * in a ticket) when the canvas can hold it, else 1; undefined when even 1 is past the canvas limits.
 */
export function pngPixelRatio(width: number, height: number): 2 | 1 | undefined {
  if (!(width > 0 && height > 0)) return undefined;
  for (const ratio of [2, 1] as const) {
    const w = Math.ceil(width * ratio);
    const h = Math.ceil(height * ratio);
    if (w <= CANVAS_MAX_SIDE && h <= CANVAS_MAX_SIDE && w * h <= CANVAS_MAX_AREA) return ratio;
  }
  return undefined;
}

/** What is wrong with a picture of `width`×`height` for a PNG, in words (undefined: nothing). */
export function pngSizeProblem(width: number, height: number): string | undefined {
  if (pngPixelRatio(width, height) !== undefined) return undefined;
  return `the drawing is ${Math.round(width)}×${Math.round(height)} pixels, more than an image can hold (${CANVAS_MAX_SIDE} a side): export it as SVG or HTML, or hide lanes and filter first`;
}

/** The PNG's size from its header (IHDR, the first chunk), when `bytes` start like a PNG file. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 33 || SIGNATURE.some((b, i) => bytes[i] !== b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8) !== 13 || view.getUint32(12) !== IHDR) return undefined;
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  return width > 0 && height > 0 ? { width, height } : undefined;
}

/** The bytes of a `data:image/png;base64,…` URL the webview sent, if it is one and holds a PNG; else undefined. */
export function pngFromDataUrl(value: unknown): Uint8Array | undefined {
  if (typeof value !== 'string' || !value.startsWith(PREFIX) || value.length > PNG_MAX_DATA_URL) return undefined;
  const base64 = value.slice(PREFIX.length);
  if (base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) return undefined;
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return pngSize(bytes) ? bytes : undefined;
}
