// The webview bundle (dist/webview.js, built by scripts/build.mjs) in headless Chromium, under the same kind of
// Content-Security-Policy the panel gives it (nonce-only scripts and styles, nothing else), given a run as the
// extension gives it (the worker's timeline payload; the status table at the time cursor answered on request, as the
// extension answers from the server): it draws the run with no policy violation, hostile names from the trace stay
// text, keys move the time cursor and the status table follows, search finds events and hovering a mark shows its
// details.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { analyze } from '../src/language/analyze';
import { runScenario } from '../src/run';
import { renderTimelineSvg } from '../src/timeline/export';
import { buildTimeline } from '../src/timeline/model';
import { timelinePayload } from '../src/timeline/payload';
import { pngFromDataUrl, pngSize } from '../src/timeline/png';
import { statusTableAt } from '../src/timeline/status-table';
import { launchChromium } from './helpers/chromium';
import { repoRoot, writeWebviewPage } from './helpers/webview-page';
import { hostileTrace } from './timeline-fixtures';

void describe('the timeline webview bundle in Chromium', () => {
  /** Polls `expression` in the page until it is true (waitForFunction's polling is an eval, which the policy forbids). */
  const until = async (expression: string, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await page.evaluate<boolean>(expression))) {
      assert.ok(Date.now() < deadline, `${expression} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  let browser: Browser;
  let page: Page;
  const dir = mkdtempSync(join(tmpdir(), 'replscope-webview-'));
  const violations: string[] = [];
  const dialogs: string[] = [];
  const errors: string[] = [];
  const trace = hostileTrace();
  const statusAsked: number[] = [];

  before(async () => {
    browser = await launchChromium();
    // The panel's page, with VS Code's theme variables and fonts (helpers/webview-page.ts).
    const html = writeWebviewPage(dir);
    page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => errors.push(e.message));
    // What the extension does with a `statusAt`: the server's worker answers from the trace it keeps.
    await page.exposeFunction('__statusAt', (m: { requestId: number; version: number; time: number }) => {
      statusAsked.push(m.time);
      return {
        type: 'status',
        requestId: m.requestId,
        version: m.version,
        time: m.time,
        table: m.version === 1 ? statusTableAt(trace, m.time) : null,
      };
    });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(pathToFileURL(html).href);
    await page.evaluate(
      `window.postMessage(${JSON.stringify({
        type: 'timeline',
        uri: 'file:///hostile.repl',
        fileName: 'hostile.repl',
        version: 1,
        documentVersion: 1,
        millis: 1,
        ...timelinePayload(trace, {}),
      })}, '*')`,
    );
    await page.waitForSelector('#body .mark');
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  void test('draws the trace with no policy violation and no error', async () => {
    violations.push(...(await page.evaluate<string[]>('window.__violations')));
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    assert.ok((await page.locator('#body .mark').count()) > 20);
    const ready = (await page.evaluate<{ type: string }[]>('window.__posted')).map((m) => m.type);
    assert.equal(ready[0], 'ready');
  });

  void test('hostile names stay text: in the lane header, on the marks, in the side panel', async () => {
    assert.deepEqual(dialogs, []);
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('script').count(), 2, 'only the page’s own two scripts');
    const header = (await page.locator('#header').textContent()) ?? '';
    assert.ok(header.includes('<img src=x onerror=alert(1)>'), header);
    // The client's lane title is cut to the lane's width; what is shown is its text.
    assert.ok(header.includes('"><script>'), header);
    const title = (await page.locator('#title').textContent()) ?? '';
    assert.ok(title.includes('</title><script>alert(3)</script>'));
    const side = (await page.locator('#side').textContent()) ?? '';
    assert.ok(side.includes('<img src=x onerror=alert(1)>'), 'the status table names the server as written');
    assert.ok(side.includes('<script>alert(4)</script>'), 'the row value is shown as written');
  });

  void test('the keyboard moves the time cursor and the status table follows it', async () => {
    await page.locator('#scroller').focus();
    // The drawing follows on the next animation frame.
    const frame = () => page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    await page.keyboard.press('End');
    await frame();
    const last = await page.locator('#body .cursor-t').textContent();
    await page.keyboard.press('Home');
    await frame();
    const first = await page.locator('#body .cursor-t').textContent();
    assert.notEqual(first, last);
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(50);
    const cursor = (await page.locator('#body .cursor-t').textContent()) ?? '';
    assert.equal((await page.locator('#status caption').textContent()) ?? '', `every server at ${cursor}`);
    // To another instant: the table is asked for again, and shows it.
    const asked = statusAsked.length;
    await page.keyboard.press('End');
    await page.waitForTimeout(50);
    const end = (await page.locator('#body .cursor-t').textContent()) ?? '';
    assert.notEqual(end, cursor);
    assert.ok(statusAsked.length > asked, 'the time cursor asked for the status table');
    assert.equal((await page.locator('#status caption').textContent()) ?? '', `every server at ${end}`);
    await page.keyboard.press('c');
    await frame();
    assert.ok((await page.locator('#header .lane-t').count()) < 12, 'c collapsed the cursor event’s server');
    await page.keyboard.press('c');
  });

  void test('search counts the matching events and Enter moves the time cursor to one', async () => {
    await page.locator('#search').fill('onerror');
    await page.waitForTimeout(300); // the search runs 120 ms after the last keystroke
    assert.match((await page.locator('#search-count').textContent()) ?? '', /^\d+ match(es)?$/);
    const before = await page.locator('#body .cursor-t').textContent();
    await page.locator('#search').press('End');
    await page.locator('#search').press('Enter');
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    assert.ok((await page.locator('#body .mark.match').count()) > 0, 'matches are marked');
    assert.notEqual(await page.locator('#body .cursor-t').textContent(), before);
    // What does not match is dimmed; with the filter on, only the matches have rows.
    assert.equal(await page.locator('#body.searching').count(), 1);
    const all = await page.evaluate<number>('document.querySelectorAll("#body .mark").length');
    const matching = await page.locator('#body .mark.match').count();
    assert.ok(matching < all, `${matching} of ${all} marks match`);
    await page.locator('#filter-matches').click();
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    assert.equal(await page.locator('#filter-matches').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('#body .mark:not(.match)').count(), 0, 'the filter leaves only the matches');
    assert.ok((await page.locator('#body .mark.match').count()) > 0);
    await page.locator('#filter-matches').click();
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    assert.equal(await page.locator('#body .mark').count(), all, 'every row is back');
    await page.locator('#search').fill('no such event anywhere');
    await page.waitForTimeout(300);
    assert.equal(await page.locator('#search-count').textContent(), 'no match');
    await page.locator('#search').fill('');
    await page.waitForTimeout(300);
    assert.equal(await page.locator('#body.searching').count(), 0, 'no search, nothing dimmed');
  });

  void test('Escape closes the lanes menu wherever the focus is, and so does a click outside it', async () => {
    const menu = page.locator('#lanes-menu');
    await page.locator('#lanes-btn').click();
    assert.equal(await menu.isVisible(), true);
    await page.keyboard.press('Escape');
    assert.equal(await menu.isVisible(), false);
    assert.equal(await page.evaluate('document.activeElement.id'), 'lanes-btn', 'the focus goes back to its button');
    await page.locator('#lanes-btn').click();
    await page.locator('#search').focus();
    await page.keyboard.press('Escape');
    assert.equal(await menu.isVisible(), false);
    await page.locator('#lanes-btn').click();
    await page.locator('#body .mark').first().click();
    assert.equal(await menu.isVisible(), false);
  });

  void test('the time-scale button and its key switch the layout to scale and back, and the choice is kept', async () => {
    const frame = () => page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    const height = () => page.evaluate<number>('document.getElementById("canvas").getBoundingClientRect().height');
    const button = page.locator('#time-scale');
    assert.equal(await button.getAttribute('aria-pressed'), 'false');
    const rows = await height();
    await button.click();
    await frame();
    assert.equal(await button.getAttribute('aria-pressed'), 'true');
    assert.notEqual(await height(), rows, 'the drawing is laid out again');
    // Fewer times than marks in the time column: one per instant (the events of one are stacked under it).
    const times = await page.locator('#body text.time').count();
    assert.ok(times > 0 && times < (await page.locator('#body .mark').count()), `${times} times`);
    await page.waitForTimeout(300); // the view state is sent 250 ms after the last change
    const states = (await page.evaluate<{ type: string; state?: { scale?: string } }[]>('window.__posted')).filter(
      (m) => m.type === 'viewState',
    );
    assert.equal(states.at(-1)?.state?.scale, 'time');
    await page.locator('#scroller').focus();
    await page.keyboard.press('s');
    await frame();
    assert.equal(await button.getAttribute('aria-pressed'), 'false');
    assert.equal(await height(), rows, 'one row per event again');
  });

  void test('asked for a PNG, it draws the exported SVG on a canvas at twice its size and sends a PNG back', async () => {
    const posted = async (requestId: number) => {
      await until(`window.__posted.some((m) => m.type === 'png' && m.requestId === ${requestId})`);
      return page.evaluate<{ dataUrl?: string; error?: string; pending?: boolean }>(
        `window.__posted.find((m) => m.type === 'png' && m.requestId === ${requestId})`,
      );
    };
    await page.evaluate(`window.postMessage({ type: 'renderPng', requestId: 901, uri: 'file:///hostile.repl' }, '*')`);
    const answer = await posted(901);
    const bytes = pngFromDataUrl(answer.dataUrl);
    assert.ok(bytes, `a PNG data URL, not ${JSON.stringify(answer).slice(0, 200)}`);
    // The file the extension writes is those bytes: a PNG header with the drawing's size, twice the SVG's.
    const file = join(dir, 'timeline.png');
    writeFileSync(file, bytes);
    const svg = renderTimelineSvg(buildTimeline(trace));
    const [, width, height] = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg) ?? [];
    assert.deepEqual(pngSize(readFileSync(file)), { width: 2 * Number(width), height: 2 * Number(height) });
    // Another document's picture is not what this panel draws: not yet.
    await page.evaluate(`window.postMessage({ type: 'renderPng', requestId: 902, uri: 'file:///other.repl' }, '*')`);
    assert.equal((await posted(902)).pending, true);
    violations.push(...(await page.evaluate<string[]>('window.__violations')));
    assert.deepEqual(violations, []);
  });

  void test('Copy puts the picture on the clipboard as a PNG and says so', async () => {
    await page.evaluate(`navigator.clipboard.write = async (items) => { window.__copied = items.map((i) => i.types); }`);
    // In the export menu, which the keyboard opens (E), walks (↓) and closes (Escape, back on its button).
    await page.locator('#scroller').focus();
    await page.keyboard.press('E');
    assert.equal(await page.locator('#export-menu').isVisible(), true);
    assert.equal(await page.evaluate('document.activeElement.id'), 'export-svg');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate('document.activeElement.id'), 'export-html');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#export-menu').isVisible(), false);
    assert.equal(await page.evaluate('document.activeElement.id'), 'export-btn');
    await page.locator('#export-btn').click();
    await page.locator('#copy-image').click();
    assert.equal(await page.locator('#export-menu').isVisible(), false, 'an item closes the menu');
    await until('window.__copied !== undefined');
    assert.deepEqual(await page.evaluate('window.__copied'), [['image/png']]);
    assert.equal(await page.locator('#banner').textContent(), 'copied as an image');
  });

  void test('hovering a mark shows its details as text', async () => {
    const mark = page.locator('#body .mark').first();
    await mark.hover();
    await page.waitForTimeout(50);
    assert.equal(await page.locator('#tooltip').isHidden(), false);
    assert.ok(((await page.locator('#tooltip').textContent()) ?? '').length > 0);
    assert.equal(await page.locator('#tooltip *').count(), 0, 'the tooltip holds text only');
    assert.deepEqual(dialogs, []);
  });

  void test('the run in words is above the diagram, and a moment’s time moves the time cursor to it', async () => {
    const text = readFileSync(join(repoRoot(), 'examples', 's04-after-commit-crash-before-ack.repl'), 'utf8');
    const s04 = runScenario(analyze(text).scenario);
    const message = { type: 'timeline', uri: 'file:///s04.repl', fileName: 's04.repl', version: 2, documentVersion: 2, millis: 1 };
    await page.evaluate(`window.postMessage(${JSON.stringify({ ...message, ...timelinePayload(s04, {}) })}, '*')`);
    await page.waitForFunction(`document.getElementById('title').textContent.startsWith('s04.repl')`);
    const story = page.locator('#story');
    assert.equal(await story.isVisible(), true);
    assert.match((await page.locator('#story-end').textContent()) ?? '', /^At the end r1 is the source\. Verdicts: /);
    const crash = page.locator('#story-list li', { hasText: 'm1 crashed while T2 waited' });
    assert.equal(await crash.count(), 1);
    await crash.locator('button').click();
    await page.waitForTimeout(50);
    assert.equal((await page.locator('#body .cursor-t').textContent()) ?? '', (await crash.locator('button').textContent()) ?? '');
    // Folded, only the conclusion stays.
    await page.locator('#story-end').click();
    assert.equal(await crash.isVisible(), false);
    await page.locator('#story-end').click();
    // To another document and back: the time cursor is where it was, in sight (a short panel: the story takes room).
    await page.setViewportSize({ width: 1000, height: 420 });
    await page.waitForTimeout(300);
    await page.locator('#scroller').focus();
    await page.keyboard.press('End');
    await page.waitForTimeout(50);
    const end = (await page.locator('#body .cursor-t').textContent()) ?? '';
    const other = { ...message, uri: 'file:///hostile.repl', fileName: 'hostile.repl', version: 3 };
    await page.evaluate(`window.postMessage(${JSON.stringify({ ...other, ...timelinePayload(trace, {}) })}, '*')`);
    await page.waitForFunction(`document.getElementById('title').textContent.startsWith('hostile.repl')`);
    await page.evaluate(`window.postMessage(${JSON.stringify({ ...message, version: 4, ...timelinePayload(s04, {}) })}, '*')`);
    await page.waitForFunction(`document.getElementById('title').textContent.startsWith('s04.repl')`);
    await page.waitForTimeout(100);
    assert.equal((await page.locator('#body .cursor-t').textContent()) ?? '', end);
    assert.deepEqual(errors, []);
  });
});
