// The README's pictures of the timeline (S4 one row per event, and to scale) and of the crash-point heat map, taken
// in headless Chromium: the webview bundle as the panel shows it (VS Code's light theme variables and fonts), and the
// page `replscope explore --html` writes. Each run takes them and checks them; with REPLSCOPE_UPDATE_SCREENSHOTS=1
// they replace docs/images/timeline-s04.png, timeline-s04-time-scale.png and explore-s04.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { analyze } from '../src/language/analyze';
import { runScenario } from '../src/run';
import { pngSize } from '../src/timeline/png';
import { launchChromium } from './helpers/chromium';
import { dist, nextFrame, openTimeline, repoRoot } from './helpers/webview-page';

const S04 = 's04-after-commit-crash-before-ack.repl';
const SIZE = { width: 1400, height: 900 };
const update = process.env.REPLSCOPE_UPDATE_SCREENSHOTS === '1';

void describe('the README’s screenshots', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'replscope-screenshots-'));
  const out = update ? join(repoRoot(), 'docs', 'images') : dir;
  const example = join(repoRoot(), 'examples', S04);
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const check = (file: string) => assert.deepEqual(pngSize(readFileSync(file)), SIZE, file);

  void test('the timeline of S4, one row per event and to scale', async () => {
    const trace = runScenario(analyze(readFileSync(example, 'utf8')).scenario);
    const page = await openTimeline(browser, dir, trace, S04, SIZE);
    await nextFrame(page);
    assert.equal(await page.locator('#time-scale').getAttribute('aria-pressed'), 'false');
    const rows = join(out, 'timeline-s04.png');
    await page.screenshot({ path: rows });
    check(rows);
    await page.locator('#time-scale').click();
    await page.mouse.move(0, SIZE.height - 1);
    await nextFrame(page);
    assert.equal(await page.locator('#time-scale').getAttribute('aria-pressed'), 'true');
    const scaled = join(out, 'timeline-s04-time-scale.png');
    await page.screenshot({ path: scaled });
    check(scaled);
    await page.close();
  });

  void test('the heat map of S4’s crash points, as `replscope explore --html` writes it', async () => {
    const html = join(dir, 'explore-s04.html');
    // From the repository, so that the page names the example as the README does.
    const args = [join(dist, 'cli.js'), 'explore', join('examples', S04), '--html', html];
    execFileSync(process.execPath, args, { cwd: repoRoot(), stdio: 'ignore' });
    const page = await browser.newPage({ viewport: SIZE });
    await page.goto(pathToFileURL(html).href);
    assert.ok((await page.locator('tr.level-state').count()) > 5, 'a row per pipeline state');
    const file = join(out, 'explore-s04.png');
    await page.screenshot({ path: file });
    check(file);
    await page.close();
  });
});
