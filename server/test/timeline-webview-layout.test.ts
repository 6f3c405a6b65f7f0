// The timeline webview's layout in headless Chromium, with VS Code's light theme variables and fonts: beside an
// editor (700 px) the toolbar is one line, narrower its tools drop down from one button; to scale, the labels of
// events at one instant do not draw over one another.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { analyze } from '../src/language/analyze';
import { runScenario } from '../src/run';
import { launchChromium } from './helpers/chromium';
import { nextFrame, openTimeline, repoRoot } from './helpers/webview-page';
import { TraceBuilder } from './timeline-fixtures';

const S04 = 's04-after-commit-crash-before-ack.repl';

function exampleTrace(name: string) {
  const { scenario, diagnostics } = analyze(readFileSync(join(repoRoot(), 'examples', name), 'utf8'));
  assert.deepEqual(
    diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  return runScenario(scenario);
}

interface Box {
  id: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}
/** The boxes of the toolbar's visible controls. */
function toolbarBoxes(page: Page): Promise<Box[]> {
  return page.evaluate<Box[]>(`[...document.querySelectorAll('.toolbar button, .toolbar input, .toolbar .doc-title')]
    .filter((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
    .map((e) => { const r = e.getBoundingClientRect(); return { id: e.id, left: r.left, top: r.top, right: r.right, bottom: r.bottom }; })`);
}
/** Every box shares one line: some height is inside all of them. */
function assertOneLine(boxes: Box[], what: string): void {
  const top = Math.max(...boxes.map((b) => b.top));
  const bottom = Math.min(...boxes.map((b) => b.bottom));
  assert.ok(top < bottom, `${what}: ${JSON.stringify(boxes.map((b) => [b.id, Math.round(b.top)]))}`);
}

void describe('the timeline webview’s layout in Chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'replscope-webview-layout-'));
  const trace = exampleTrace(S04);
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  void test('at 700 px, beside an editor, the toolbar is one line and every tool is on it', async () => {
    const page = await openTimeline(browser, dir, trace, S04, { width: 700, height: 800 });
    await nextFrame(page);
    const boxes = await toolbarBoxes(page);
    for (const id of ['search', 'filter-matches', 'time-scale', 'zoom-in', 'lanes-btn', 'details-btn', 'export-btn'])
      assert.ok(
        boxes.some((b) => b.id === id),
        `${id} is shown`,
      );
    assertOneLine(boxes, 'one line at 700 px');
    assert.ok(Math.max(...boxes.map((b) => b.right)) <= 700, 'nothing past the right edge');
    const height = await page.evaluate<number>('document.querySelector(".toolbar").getBoundingClientRect().height');
    const button = boxes.find((b) => b.id === 'export-btn')!;
    assert.ok(height < 2 * (button.bottom - button.top), `the toolbar is ${height} px high`);
    // The wide panel's toolbar is as high: the picture is not pushed down.
    await page.setViewportSize({ width: 1300, height: 800 });
    await nextFrame(page);
    assert.equal(await page.evaluate<number>('document.querySelector(".toolbar").getBoundingClientRect().height'), height);
    await page.close();
  });

  void test('narrower, the toolbar stays one line and the other tools drop down from one button', async () => {
    const page = await openTimeline(browser, dir, trace, S04, { width: 460, height: 700 });
    await nextFrame(page);
    const boxes = await toolbarBoxes(page);
    assertOneLine(boxes, 'one line at 460 px');
    assert.ok(!boxes.some((b) => b.id === 'time-scale'), 'the tools are folded');
    const more = page.locator('#more-btn');
    assert.equal(await more.getAttribute('aria-label'), 'More tools');
    await more.click();
    assert.equal(await more.getAttribute('aria-expanded'), 'true');
    assert.equal(await page.locator('#time-scale').isVisible(), true);
    assert.equal(await page.evaluate('document.activeElement.id'), 'time-scale', 'the focus goes to the first tool');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#time-scale').isVisible(), false, 'Escape folds them');
    assert.equal(await page.evaluate('document.activeElement.id'), 'more-btn');
    await more.click();
    await page.locator('#time-scale').click();
    await nextFrame(page);
    assert.equal(await page.locator('#time-scale').getAttribute('aria-pressed'), 'true', 'the tool works from there');
    assert.equal(await page.locator('#time-scale').isVisible(), false, 'and folds them');
    await more.click();
    await page.locator('#body').click({ position: { x: 5, y: 5 } });
    assert.equal(await page.locator('#time-scale').isVisible(), false, 'a click outside folds them');
    await page.close();
  });
});

/** A source and a replica where much happens at 1 ms: a client's reply, a commit's steps, a send, a restart. */
function oneInstantTrace() {
  const b = new TraceBuilder('one busy instant', 'mysql-8.0', ['m1', 'r1'], [{ name: 'app', server: 'm1' }]);
  b.event(0, 'm1', 'client', 'statement_sent', 'T1 insert into t values (1)', { client: 'app', txn: 'T1' });
  const at = 1000;
  b.event(at, 'm1', 'engine', 'statement_executed', 'T1 executes', { txn: 'T1' });
  b.event(at, 'm1', 'engine', 'prepared', 'T1 prepare', { txn: 'T1' });
  b.event(at, 'm1', 'binlog', 'binlog_flushed', 'T1 binlog write', { txn: 'T1' });
  b.event(at, 'm1', 'engine', 'engine_committed', 'T1 engine commit', { txn: 'T1' });
  b.event(at, 'm1', 'client', 'statement_reply', 'T1 OK', { client: 'app', txn: 'T1' });
  b.event(at, 'm1', 'dump', 'dump_send', 'T1 sent', { txn: 'T1' });
  b.event(at, 'r1', 'io', 'io_stop', 'I/O thread stops');
  b.event(at, 'r1', 'sql', 'sql_stop', 'SQL thread stops');
  b.event(at + 100, 'r1', 'io', 'io_start', 'I/O thread starts');
  b.event(at + 100, 'r1', 'sql', 'sql_start', 'SQL thread starts');
  b.event(at + 2000, 'm1', 'client', 'statement_sent', 'T2 insert into t values (2)', { client: 'app', txn: 'T2' });
  return b.trace;
}

void describe('to scale, the events of one instant in Chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'replscope-webview-instant-'));
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, trace] of [
    ['a busy instant', oneInstantTrace()],
    ['S4', exampleTrace(S04)],
  ] as const)
    void test(`${name}: every text is drawn and no two texts overlap`, async () => {
      const page = await openTimeline(browser, dir, trace, 'instant.repl', { width: 1300, height: 1400 });
      await page.locator('#scroller').focus();
      await page.keyboard.press('s');
      await nextFrame(page);
      assert.equal(await page.locator('#time-scale').getAttribute('aria-pressed'), 'true');
      const marks = await page.locator('#body .mark').count();
      const boxes = await page.evaluate<(Box & { text: string })[]>(`[...document.querySelectorAll('#body .mark text.lbl')]
        .map((e) => { const r = e.getBoundingClientRect(); return { id: '', text: e.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom }; })`);
      assert.equal(boxes.length, marks, 'every mark has its text');
      // The marks of one instant are stacked: no two at one place.
      const places = await page.evaluate<string[]>('[...document.querySelectorAll("#body .mark")].map((m) => m.getAttribute("transform"))');
      assert.equal(new Set(places).size, places.length, 'no two marks at one place');
      const overlaps: string[] = [];
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i], boxes[j]];
          const apart = a.right <= b.left + 0.5 || b.right <= a.left + 0.5 || a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5;
          if (!apart) overlaps.push(`"${a.text}" and "${b.text}"`);
        }
      assert.deepEqual(overlaps, []);
      await page.close();
    });
});
