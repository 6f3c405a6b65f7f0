// What the packaged VSIX holds (scripts/package-vsix.mjs, packaging the current dist/): the README and CHANGELOG
// the Marketplace page shows have only absolute links and images (a relative one is broken there), each pointing
// into this repository at a file that exists; images over HTTPS, none an SVG; and the Get Started walkthrough's
// pages and the example it opens are in the package.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { md, type Token } from './helpers/markdown';
import { readZip } from './helpers/zip';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  repository: { url: string };
  contributes: { walkthroughs: { steps: { id: string; media: Record<string, unknown> }[] }[] };
};
const repo = /github\.com\/([^/]+\/[^/]+?)(?:\.git)?$/.exec(manifest.repository.url)?.[1];
const tmp = mkdtempSync(join(tmpdir(), 'replscope-vsix-test-'));
let files = new Map<string, Buffer>();

before(() => {
  assert.ok(existsSync(join(root, 'dist', 'client.js')), 'build first: node scripts/build.mjs');
  const vsix = join(tmp, 'replscope.vsix');
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'package-vsix.mjs'), vsix], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `packaging failed:\n${r.stdout}\n${r.stderr}`);
  files = readZip(readFileSync(vsix));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Every link target and image source of `markdown`, from Markdown and from inline HTML. */
function targets(markdown: string): { kind: 'link' | 'image'; url: string }[] {
  const found: { kind: 'link' | 'image'; url: string }[] = [];
  const visit = (tokens: Token[]) => {
    for (const t of tokens) {
      const attr = (name: string) => t.attrs?.find(([k]) => k === name)?.[1];
      if (t.type === 'link_open') found.push({ kind: 'link', url: attr('href') ?? '' });
      if (t.type === 'image') found.push({ kind: 'image', url: attr('src') ?? '' });
      if (t.type === 'html_inline' || t.type === 'html_block') {
        for (const m of t.content.matchAll(/\b(src|href)\s*=\s*["']([^"']*)["']/gi))
          found.push({ kind: m[1]?.toLowerCase() === 'src' ? 'image' : 'link', url: m[2] ?? '' });
      }
      if (t.children) visit(t.children);
    }
  };
  visit(md.parse(markdown, {}));
  return found;
}

for (const page of ['extension/readme.md', 'extension/changelog.md']) {
  void test(`${page}: every link and image resolves on the Marketplace page`, () => {
    assert.ok(repo, 'package.json: repository is on GitHub');
    const text = files.get(page)?.toString('utf8');
    assert.ok(text !== undefined, `${page} is in the VSIX (${[...files.keys()].join(', ')})`);
    const all = targets(text);
    if (page.endsWith('readme.md')) {
      assert.ok(all.filter((t) => t.kind === 'image').length >= 3, 'the README shows its screenshots');
      assert.ok(all.filter((t) => t.kind === 'link').length >= 5, 'the README links to the docs');
    }
    for (const { kind, url } of all) {
      if (url.startsWith('#') || url.startsWith('mailto:')) continue;
      assert.match(url, /^https:\/\//, `${kind} ${url} is absolute (HTTPS)`);
      if (kind === 'image') assert.ok(!/\.svg(\?|#|$)/i.test(url), `image ${url}: the Marketplace refuses SVG images`);
      const inRepo = new RegExp(`^https://github\\.com/${repo}/(?:blob|raw|tree)/HEAD/(.*)$`).exec(url);
      if (!inRepo) continue;
      const rel = decodeURIComponent((inRepo[1] ?? '').replace(/[#?].*$/, ''));
      assert.ok(existsSync(join(root, rel)), `${kind} ${url}: ${rel} is not in the repository`);
      if (kind === 'image') assert.match(url, new RegExp(`/raw/HEAD/`), `image ${url} is the raw file, not GitHub's page of it`);
    }
  });
}

void test('the walkthrough pages and the example it opens are in the VSIX', () => {
  const walkthroughs = manifest.contributes.walkthroughs;
  assert.ok(walkthroughs.length > 0);
  const media: string[] = [];
  for (const w of walkthroughs)
    for (const step of w.steps)
      for (const value of Object.values(step.media)) {
        if (typeof value === 'string') media.push(value);
        else if (value && typeof value === 'object') media.push(...Object.values(value as Record<string, string>));
      }
  assert.ok(media.length >= walkthroughs[0].steps.length);
  for (const file of media) assert.ok(files.has(`extension/${file}`), `${file} is shipped`);
  const source = readFileSync(join(root, 'client', 'src', 'walkthrough.ts'), 'utf8');
  const example = /WALKTHROUGH_EXAMPLE = '([^']+)'/.exec(source)?.[1];
  assert.ok(example, 'client/src/walkthrough.ts names its example');
  assert.equal(
    files.get(`extension/${example}`)?.toString('utf8'),
    readFileSync(join(root, example), 'utf8'),
    `${example} is shipped as is`,
  );
});

void test('the VSIX ships no source maps, tests or repository files', () => {
  for (const name of files.keys()) {
    assert.ok(!name.endsWith('.map'), name);
    assert.ok(!/^extension\/(out|server|client|node_modules|scripts|test-results|docs)\//.test(name), name);
  }
});
