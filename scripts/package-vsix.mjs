#!/usr/bin/env node
// Packages the extension as replscope.vsix (after `node scripts/build.mjs --production`). package.json's `files` is
// the npm package's allow-list, and vsce refuses a manifest with `files` beside a .vscodeignore; so vsce runs in a
// staging folder holding what the VSIX may ship, with the manifest less its `files`, and .vscodeignore allow-lists
// the VSIX there as it always has.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

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
    '.vscodeignore',
  ])
    fs.cpSync(path.join(root, entry), path.join(stage, entry), { recursive: true, filter: (f) => !f.endsWith('.map') });
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  delete manifest.files;
  fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out], {
    cwd: stage,
    stdio: 'inherit',
  });
  process.exitCode = r.status ?? 1;
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}
