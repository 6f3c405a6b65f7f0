// The exported files opened in headless Chromium: they render with no console error and no network request, and
// hostile strings from a trace (a server named `<img src=x onerror=alert(1)>`, `<script>` in a row) stay text.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { analyze } from '../src/language/analyze';
import { runScenario } from '../src/run';
import { answerQuery, type RunQuery } from '../src/run-queries';
import { renderTimelineFile } from '../src/timeline/export';
import { launchChromium } from './helpers/chromium';
import { hostileTrace, s04Trace } from './timeline-fixtures';

interface Opened {
  page: Page;
  consoleErrors: string[];
  requests: string[];
  dialogs: string[];
}

void describe('exported timeline in headless Chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'replscope-export-'));

  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(name: string, content: string): Promise<Opened> {
    const file = join(dir, name);
    writeFileSync(file, content);
    const page = await browser.newPage();
    const opened: Opened = { page, consoleErrors: [], requests: [], dialogs: [] };
    const url = pathToFileURL(file).href;
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') opened.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => opened.consoleErrors.push(e.message));
    page.on('request', (r) => {
      if (r.url() !== url) opened.requests.push(r.url());
    });
    page.on('dialog', (d) => {
      opened.dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(url, { waitUntil: 'load' });
    return opened;
  }

  void test('the HTML export renders the timeline with no console error and no request', async () => {
    const { page, consoleErrors, requests } = await open('s04.html', renderTimelineFile(s04Trace(), 'html'));
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(requests, []);
    const marks = await page.locator('svg .mark').count();
    assert.ok(marks > 40, `${marks} marks`);
    const text = await page.locator('svg').first().textContent();
    assert.match(text ?? '', /mysql-bin\.000001:310→513/);
    assert.match(text ?? '', /Exec stays 107/);
    // The SVG really is laid out by the browser: the header and the body have a size.
    const box = await page.locator('svg.tl-svg').first().boundingBox();
    assert.ok(box && box.width > 600 && box.height > 600, JSON.stringify(box));
    assert.match((await page.locator('.verdicts').first().textContent()) ?? '', /replication stopped/);
    await page.close();
  });

  void test('a hostile server name, client name, title and row value stay text in the HTML', async () => {
    const { page, consoleErrors, requests, dialogs } = await open('hostile.html', renderTimelineFile(hostileTrace(), 'html'));
    assert.deepEqual(dialogs, [], 'no alert ran');
    assert.deepEqual(requests, [], 'no image was fetched');
    assert.deepEqual(consoleErrors, []);
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('script').count(), 0);
    const body = (await page.locator('body').textContent()) ?? '';
    assert.ok(body.includes('<img src=x onerror=alert(1)>'), 'the server name is shown as written');
    assert.ok(body.includes('"><script>alert(2)</script>'), 'the client name is shown as written');
    assert.ok(body.includes('<script>alert(4)</script>'), 'the row value is shown as written');
    assert.equal(await page.title(), '</title><script>alert(3)</script> — ReplScope timeline');
    await page.close();
  });

  void test('the SVG export is well-formed XML, renders, and keeps hostile names as text', async () => {
    const { page, consoleErrors, requests, dialogs } = await open('hostile.svg', renderTimelineFile(hostileTrace(), 'svg'));
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(requests, []);
    assert.deepEqual(dialogs, []);
    // Chromium shows an XML parse error page instead of the drawing when the file is not well-formed.
    assert.equal(await page.locator('parsererror').count(), 0);
    // Strings, not functions: this test is compiled without the DOM's types.
    assert.equal(await page.evaluate("document.querySelectorAll('img, script, foreignObject').length"), 0);
    const text = String(await page.evaluate('document.documentElement.textContent'));
    assert.ok(text.includes('<img src=x onerror=alert(1)>'));
    assert.ok((await page.locator('.mark').count()) > 40);
    await page.close();
  });

  void test('as the browser lays it out, no legend entry runs into another and every verdict line stays in the picture', async () => {
    // A verdict longer than the drawing is wide; the legend's longest text is its column's widest.
    const trace = s04Trace();
    const first = trace.verdicts[0];
    assert.ok(first);
    trace.verdicts.push({ ...first, message: `${first.message}; `.repeat(12) });
    const { page } = await open('s04.svg', renderTimelineFile(trace, 'svg'));
    const boxes = await page.evaluate<[string, number, number, number, number][]>(
      "[...document.querySelectorAll('.legend-t')].map((t) => { const b = t.parentNode.getBoundingClientRect(); return [t.textContent, b.left, b.top, b.right, b.bottom]; })",
    );
    assert.ok(boxes.length > 20, `${boxes.length} legend entries`);
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1)) {
        const apart = a[3] <= b[1] || b[3] <= a[1] || a[4] <= b[2] || b[4] <= a[2];
        assert.ok(apart, `"${a[0]}" and "${b[0]}" overlap`);
      }
    const width = Number(await page.evaluate('document.documentElement.getBoundingClientRect().width'));
    const verdicts = await page.evaluate<number[]>(
      "[...document.querySelectorAll('.verdict')].map((t) => t.getBoundingClientRect().right)",
    );
    assert.ok(verdicts.length > trace.verdicts.length + 2, 'a long verdict takes more than one line');
    for (const right of verdicts) assert.ok(right <= width, `a verdict line ends at ${right}, past ${width}`);
    await page.close();
  });
});

void test('the worker answers an export of a run too large to draw with the reason, and a small one with the file', () => {
  const replicas = Array.from({ length: 9 }, (_, i) => `replica r${i + 1} of m1 { }`);
  const large = runScenario(analyze(['source m1 { }', ...replicas, 'crash m1', 'wait 180000s', ''].join('\n')).scenario);
  const query: RunQuery = { kind: 'timelineFile', format: 'html', collapsed: [], hidden: [] };
  const refused = answerQuery(large, query);
  assert.ok(typeof refused === 'object' && refused !== null && 'refused' in refused);
  assert.match(refused.refused, new RegExp(`the run has ${large.events.length} events`));
  const small = answerQuery(s04Trace(), query);
  assert.ok(typeof small === 'object' && small !== null && 'text' in small && small.text.includes('<svg'));
});
