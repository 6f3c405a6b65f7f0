// The exploration's heat map page: one row per reached state, one column per policy, counts that add up, hostile
// strings kept as text; in headless Chromium it renders with only its own script (allowed by its hash), no request, no
// console error, its rows open onto transactions and crashed servers and its cells open from the keyboard.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
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
  assert.ok(!html.includes('<img src=x') && !html.includes('<script>alert'));
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;&quot;&#39;&amp;'));
  // One script, the page's own, and the CSP allows exactly it.
  const scripts = [...html.matchAll(/<script>([^]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  const hash = createHash('sha256').update(scripts[0][1]).digest('base64');
  assert.ok(html.includes(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'"`));
  const rows = html.match(/<tr [^>]*class="level-state"/g) ?? [];
  const states = new Set(result.policies.flatMap((p) => p.classes.flatMap((c) => Object.keys(c.byState))));
  assert.equal(rows.length, states.size);
  // Each state cell's total is the cases at that state; they add up to every case, and so do the transactions' and the servers'.
  const totals = (level: string) =>
    [...html.matchAll(new RegExp(`<tr [^>]*class="level-${level}"[^]*?</tr>`, 'g'))]
      .flatMap((row) => [...row[0].matchAll(/ · (\d+)\/(\d+)<\/summary>/g)])
      .reduce((n, m) => n + Number(m[2]), 0);
  assert.equal(totals('state'), result.cases);
  assert.equal(totals('txn'), result.cases);
  assert.equal(totals('server'), result.cases);
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

  void test('renders with no foreign script, request or console error; hostile names stay text; rows and cells open from the keyboard', async () => {
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
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('script').count(), 1);
    assert.ok((await page.locator('.matrix thead th').allTextContents()).includes(`server_uuid=${HOSTILE}`));
    assert.equal(await page.locator('details[open]').count(), 0);
    const visible = (level: string) => page.locator(`.matrix tr.level-${level}:visible`);
    const states = await visible('state').count();
    assert.ok(states > 1);
    assert.equal(await visible('txn').count(), 0);
    // The first state's row has the focus first; Enter opens it onto its transactions (both writers reach it).
    await page.keyboard.press('Tab');
    const first = page.locator('.matrix tr.level-state').first();
    const focused = () => page.locator(':focus').getAttribute('id');
    assert.equal(await focused(), await first.getAttribute('id'));
    assert.equal(await first.getAttribute('aria-expanded'), 'false');
    await page.keyboard.press('Enter');
    assert.equal(await first.getAttribute('aria-expanded'), 'true');
    assert.deepEqual(
      (await visible('txn').locator('th').allTextContents()).map((t) => t.replace(/ \d+ crashed servers?$/, '')),
      ['T1', 'T2'],
    );
    // ArrowDown to T1, ArrowRight opens it onto a row per crashed server, whose counts add up to T1's.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    const t1 = visible('txn').first();
    assert.equal(await t1.getAttribute('aria-expanded'), 'true');
    assert.deepEqual(await visible('server').locator('th').allTextContents(), ['crash m1', 'crash r1']);
    const cellTotal = async (row: ReturnType<typeof visible>) =>
      (await row.locator('summary').allTextContents()).reduce((n, t) => n + Number(/\/(\d+)$/.exec(t)?.[1] ?? 0), 0);
    assert.equal(await cellTotal(visible('server')), await cellTotal(t1));
    // ArrowRight again goes to the first server; ArrowLeft back to T1, again closes it; Space closes the state.
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(), await visible('server').first().getAttribute('id'));
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await visible('server').count(), 0);
    await page.keyboard.press('ArrowLeft');
    assert.equal(await focused(), await first.getAttribute('id'));
    await page.keyboard.press(' ');
    assert.equal(await visible('txn').count(), 0);
    assert.equal(await visible('state').count(), states);
    // A click on a header opens the row too; what was open under it opens again with it.
    await first.locator('th').click();
    assert.equal(await visible('txn').count(), 2);
    await first.locator('th').click();
    // Then Tab reaches the first cell, which opens from the keyboard onto its classes.
    await first.focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('details[open]').count(), 1);
    assert.match((await page.locator('details[open] li').first().textContent()) ?? '', /^\d+ × .+ e\.g\. on T\d+ \S+/);
    await page.close();
  });
});
