// The exploration's heat map page: one row per reached state, one column per policy, counts that add up, hostile
// strings kept as text; in headless Chromium it renders with no script, no request, no console error, and its cells
// open from the keyboard.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { explore } from '../src/explore/explore';
import { renderExplorationHtml, severityOf } from '../src/explore/heatmap';
import { explorePolicies } from '../src/explore/policies';
import { launchChromium } from './helpers/chromium';

const HOSTILE = `<img src=x onerror=alert(1)><script>alert(2)</script>"'&`;

function exploration() {
  const setup = explorePolicies(
    `source m1 { }
replica r1 of m1 { }
table t (id int primary key)
client app on m1
partition m1 -> r1
app: insert into t values (1)
app: insert into t values (2)
crash m1
promote r1
`,
    ['sync_binlog=0,1'],
  );
  assert.deepEqual(setup.errors, []);
  const result = explore(setup.policies);
  // A setting value as a hostile file could write it (a quoted string).
  result.policies[1].settings = { server_uuid: HOSTILE };
  return result;
}

void test('the page: a row per reached state, a column per policy, every string escaped', () => {
  const result = exploration();
  const html = renderExplorationHtml(result, HOSTILE);
  assert.ok(!html.includes('<img src=x') && !html.includes('<script>'));
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;&quot;&#39;&amp;'));
  assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/);
  const rows = html.match(/<tr><th scope="row">/g) ?? [];
  const states = new Set(result.policies.flatMap((p) => p.classes.flatMap((c) => Object.keys(c.byState))));
  assert.equal(rows.length, states.size);
  // Each cell's total is the cases at that state; they add up to every case.
  const totals = [...html.matchAll(/ · (\d+)\/(\d+)<\/summary>/g)].map((m) => Number(m[2]));
  assert.equal(
    totals.reduce((a, b) => a + b, 0),
    result.cases,
  );
  assert.equal(severityOf(result.classes[0]), 'lost');
});

void describe('the heat map in headless Chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'replscope-heatmap-'));
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  void test('renders with no script, request or console error; hostile names stay text; cells open from the keyboard', async () => {
    const file = join(dir, 'map.html');
    writeFileSync(file, renderExplorationHtml(exploration(), HOSTILE));
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => problems.push(`console ${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('dialog', (d) => {
      problems.push(`dialog ${d.message()}`);
      void d.dismiss();
    });
    page.on('request', (r) => {
      if (r.url() !== pathToFileURL(file).href) problems.push(`request ${r.url()}`);
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    assert.deepEqual(problems, []);
    assert.equal(await page.locator('h1').textContent(), `Crash points: ${HOSTILE}`);
    assert.equal(await page.locator('img, script').count(), 0);
    assert.ok((await page.locator('.matrix thead th').allTextContents()).includes(`server_uuid=${HOSTILE}`));
    assert.equal(await page.locator('details[open]').count(), 0);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('details[open]').count(), 1);
    assert.match((await page.locator('details[open] li').first().textContent()) ?? '', /^\d+ × .+ e\.g\. on T\d+ \S+/);
    await page.close();
  });
});
