// A PNG export is a picture the webview draws and the extension writes: the canvas size chosen for it stays within
// what Chromium can draw, and what comes back is written only if it is a PNG data URL whose bytes start like a PNG.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CANVAS_MAX_SIDE, pngFromDataUrl, pngPixelRatio, pngSize, pngSizeProblem } from '../src/timeline/png';

/** The first bytes of a PNG file of `width`×`height`: the signature and the IHDR chunk (its CRC left zero). */
function pngHeader(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(bytes.buffer);
  view.setUint32(8, 13);
  bytes.set([0x49, 0x48, 0x44, 0x52], 12);
  view.setUint32(16, width);
  view.setUint32(20, height);
  bytes.set([8, 6, 0, 0, 0], 24);
  return bytes;
}
const dataUrl = (bytes: Uint8Array) => `data:image/png;base64,${Buffer.from(bytes).toString('base64')}`;

void test('a picture is drawn at twice its size when the canvas can hold it, at its size when only that fits, else not', () => {
  assert.equal(pngPixelRatio(1200, 3000), 2);
  assert.equal(pngPixelRatio(1200, 20_000), 1, 'twice 20,000 px is past a side');
  assert.equal(pngPixelRatio(12_000, 12_000), 1, 'twice is past the area');
  assert.equal(pngPixelRatio(1200, CANVAS_MAX_SIDE + 1), undefined);
  assert.equal(pngPixelRatio(0, 100), undefined);
  assert.equal(pngPixelRatio(Number.NaN, 100), undefined);
  assert.equal(pngSizeProblem(1200, 3000), undefined);
  assert.match(pngSizeProblem(1200, 900_000) ?? '', /1200×900000 pixels, more than an image can hold .*export it as SVG or HTML/);
});

void test('a PNG is known by its signature and its header, which give its size', () => {
  assert.deepEqual(pngSize(pngHeader(640, 480)), { width: 640, height: 480 });
  const gif = new TextEncoder().encode('GIF89a'.padEnd(40, '\0'));
  assert.equal(pngSize(gif), undefined);
  assert.equal(pngSize(pngHeader(640, 480).subarray(0, 20)), undefined, 'cut short');
  const noHeader = pngHeader(640, 480);
  noHeader[12] = 0x58; // XHDR
  assert.equal(pngSize(noHeader), undefined);
  assert.equal(pngSize(pngHeader(0, 480)), undefined);
});

void test('only a base64 PNG data URL holding a PNG is taken from the webview', () => {
  const header = pngHeader(2, 3);
  assert.deepEqual(pngFromDataUrl(dataUrl(header)), header);
  for (const bad of [
    undefined,
    42,
    '',
    `data:image/gif;base64,${Buffer.from(header).toString('base64')}`,
    `data:image/svg+xml;base64,${Buffer.from('<svg/>').toString('base64')}`,
    `${dataUrl(header)}!`,
    'data:image/png;base64,not base64 at all',
    dataUrl(new TextEncoder().encode('<script>alert(1)</script>'.padEnd(40, ' '))),
  ])
    assert.equal(pngFromDataUrl(bad), undefined, String(bad).slice(0, 60));
});
