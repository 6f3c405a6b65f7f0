#!/usr/bin/env node
// Packages the extension as replscope.vsix (after `node scripts/build.mjs --production`). package.json's `files` is
// the npm package's allow-list, and vsce refuses a manifest with `files` beside a .vscodeignore; so vsce runs in a
// staging folder holding what the VSIX may ship, with the manifest less its `files`, and .vscodeignore allow-lists
// the VSIX there as it always has.
//
// The Marketplace shows the VSIX's README.md and CHANGELOG.md without the repository around them: a relative link or
// image there is broken. vsce rewrites them against --baseContentUrl (links: GitHub's blob view) and --baseImagesUrl
// (images: the raw file), both derived from package.json's `repository`, at the commit-independent HEAD.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `https://github.com/OWNER/NAME/blob/HEAD/` and `…/raw/HEAD/` from package.json's GitHub `repository`. */
function marketplaceBaseUrls(manifest) {
  const url = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  const m = /github\.com[/:]([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(url ?? '');
  if (!m) throw new Error(`package.json: repository must be a GitHub repository for the README's links, got ${JSON.stringify(url)}`);
  const base = `https://github.com/${m[1]}/${m[2]}`;
  return { content: `${base}/blob/HEAD/`, images: `${base}/raw/HEAD/` };
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'replscope.vsix'));
const stage = fs.mkdtempSync(path.join(tmpdir(), 'replscope-vsix-'));
try {
  for (const entry of [
    'dist',
    'syntaxes',
    'snippets',
    'icons',
    'language-configuration.json',
    'README.md',
    'LICENSE',
    'CHANGELOG.md',
    // The Get Started walkthrough's pages and the example it opens (.vscodeignore picks what ships).
    'walkthrough',
    'examples',
    '.vscodeignore',
  ])
    fs.cpSync(path.join(root, entry), path.join(stage, entry), { recursive: true, filter: (f) => !f.endsWith('.map') });
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  delete manifest.files;
  fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const { content, images } = marketplaceBaseUrls(manifest);
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const args = ['package', '--no-dependencies', '--baseContentUrl', content, '--baseImagesUrl', images, '--out', out];
  const r = spawnSync(process.execPath, [vsce, ...args], {
    cwd: stage,
    stdio: 'inherit',
  });
  process.exitCode = r.status ?? 1;
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}
