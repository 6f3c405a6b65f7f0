// The npm package: `npm pack` gives a small tarball of the allow-listed files only, and after `npm install -g` of it
// into a temporary prefix both executables work: `replscope` runs an example's tests, `replscope-language-server`
// answers initialize over standard input and output and publishes a diagnostic.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { TestClient } from './helpers/lsp-client';

const root = join(__dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'replscope-npm-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

void test('npm pack, npm install -g into a temporary prefix, and both executables work', async () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(manifest.private, undefined, 'not private');
  assert.equal((manifest.engines as Record<string, string>).node, '>=20');
  for (const key of ['repository', 'bugs', 'homepage']) assert.ok(manifest[key], key);
  assert.ok(existsSync(join(root, 'CHANGELOG.md')));

  // --ignore-scripts: the dist/ of this build is packed as it is (prepack would rebuild it for release under the other tests' feet).
  const pack = spawnSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: root, encoding: 'utf8' });
  assert.equal(pack.status, 0, pack.stderr);
  const [info] = JSON.parse(pack.stdout) as { filename: string; size: number; files: { path: string }[] }[];
  assert.deepEqual(info.files.map((f) => f.path).sort(), [
    'CHANGELOG.md',
    'LICENSE',
    'README.md',
    'dist/cli.js',
    'dist/engine-worker.js',
    'dist/explore-worker.js',
    'dist/server.js',
    'docs/editors.md',
    'docs/language.md',
    'docs/limits.md',
    'docs/trace.md',
    'package.json',
  ]);
  assert.ok(info.size < 2_000_000, `a small package (${info.size} bytes packed)`);

  const prefix = join(tmp, 'prefix');
  const install = spawnSync(npm, ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', join(tmp, info.filename)], {
    encoding: 'utf8',
  });
  assert.equal(install.status, 0, install.stderr);
  const bin = join(prefix, 'bin');

  const version = spawnSync(join(bin, 'replscope'), ['--version'], { encoding: 'utf8' });
  assert.equal(version.stdout, `replscope ${String(manifest.version)}\n`);
  const tested = spawnSync(join(bin, 'replscope'), ['test', join(root, 'examples', 's04-after-commit-crash-before-ack.repl')], {
    encoding: 'utf8',
  });
  assert.equal(tested.status, 0, tested.stderr);
  assert.match(tested.stdout, /^\d+ passed, 0 failed in 1 file\n$/);

  const server = spawnSync(join(bin, 'replscope-language-server'), ['--version'], { encoding: 'utf8' });
  assert.equal(server.stdout, `replscope-language-server ${String(manifest.version)}\n`);
  // No argument: standard input and output, as editors other than VS Code start it.
  const client = await TestClient.start({ file: join(bin, 'replscope-language-server'), args: [] });
  try {
    assert.equal(client.initialized.serverInfo?.name, 'replscope');
    const published = await client.open('file:///installed.repl', 'source m1 { }\nreplica r1 of nowhere { }\n');
    assert.ok(
      published.diagnostics.some((d) => d.range.start.line === 1 && /nowhere/.test(d.message)),
      JSON.stringify(published.diagnostics),
    );
  } finally {
    await client.stop();
  }
});
