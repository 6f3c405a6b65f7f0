// The language server in another editor: a headless Neovim (Debian's 0.7.2, or any later one; `npm test` installs
// it through scripts/setup-vscode-server.sh) starts `replscope-language-server --stdio` with its built-in LSP
// client, configured by the very init.lua block docs/editors.md gives, on a .repl file with one error; a Lua probe
// (neovim/probe.lua) waits, bounded, for the diagnostics, asks for a hover and for completion, and writes what
// arrived to a file this test reads. A missing `nvim` is a failure that says how to install it, never a skip.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, test } from 'node:test';

const root = join(__dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'replscope-nvim-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

interface ProbeResult {
  version: { major: number; minor: number; patch: number };
  filetype: string;
  clients: string[];
  diagnostics: { lnum: number; col: number; severity: number; message: string; source?: string }[];
  hover?: string;
  completion?: string[];
  errors: string[];
  errmsg: string;
}

/** The Lua block docs/editors.md marks as the one this test runs. */
function documentedInit(): string {
  const doc = readFileSync(join(root, 'docs', 'editors.md'), 'utf8');
  const block = /<!-- server\/test\/neovim-lsp\.test\.ts runs this block[^>]*-->\s*```lua\n([\s\S]*?)```/.exec(doc);
  assert.ok(block?.[1], 'docs/editors.md: the Neovim init.lua block the test runs (after its marker comment)');
  return block[1];
}

void test('Neovim’s built-in LSP client gets diagnostics, a hover and completion from replscope-language-server', () => {
  const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  assert.ok(
    version.status === 0,
    `nvim is not installed (${version.error?.message ?? `exit ${version.status}`}): scripts/setup-vscode-server.sh installs Debian's neovim (npm test runs it first), or apt-get install -y neovim`,
  );
  const server = join(root, 'dist', 'server.js');
  assert.ok(existsSync(server), 'build first: node scripts/build.mjs');

  // `replscope-language-server` on the PATH, as after `npm install -g`.
  const bin = join(tmp, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'replscope-language-server'), `#!/bin/sh\nexec '${process.execPath}' '${server}' "$@"\n`);
  chmodSync(join(bin, 'replscope-language-server'), 0o755);
  writeFileSync(join(tmp, 'init.lua'), documentedInit());
  const scenarioLines = [
    ...readFileSync(join(root, 'examples', 's01-async-happy-path.repl'), 'utf8')
      .trimEnd()
      .split('\n'),
    "expect m9 File = 'mysql-bin.000001'",
    '',
  ];
  const badLine = scenarioLines.length - 2;
  const hoverLine = scenarioLines.findIndex((l) => /^replica r1 of m1\b/.test(l));
  assert.ok(hoverLine > 0);
  writeFileSync(join(tmp, 'scenario.repl'), scenarioLines.join('\n'));
  const out = join(tmp, 'probe.json');

  const run = spawnSync(
    'nvim',
    [
      '--headless',
      '-n',
      '-i',
      'NONE',
      '-u',
      join(tmp, 'init.lua'),
      '-c',
      `luafile ${join(root, 'server', 'test', 'neovim', 'probe.lua')}`,
      'scenario.repl',
    ],
    {
      cwd: tmp,
      encoding: 'utf8',
      timeout: 90_000,
      input: '',
      env: {
        ...process.env,
        PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
        XDG_CONFIG_HOME: join(tmp, 'config'),
        XDG_DATA_HOME: join(tmp, 'data'),
        XDG_STATE_HOME: join(tmp, 'state'),
        XDG_CACHE_HOME: join(tmp, 'cache'),
        REPLSCOPE_NVIM_OUT: out,
        REPLSCOPE_HOVER_LINE: String(hoverLine),
        REPLSCOPE_HOVER_COL: '1',
        REPLSCOPE_COMPLETE_LINE: String(scenarioLines.length - 1),
      },
    },
  );
  const lspLog = join(tmp, 'cache', 'nvim', 'lsp.log');
  const context = () =>
    `nvim exit ${run.status} signal ${run.signal}\nstdout: ${run.stdout}\nstderr: ${run.stderr}\nlsp.log: ${existsSync(lspLog) ? readFileSync(lspLog, 'utf8').slice(-3000) : '(none)'}`;
  assert.ok(existsSync(out), `the probe wrote nothing:\n${context()}`);
  const result = JSON.parse(readFileSync(out, 'utf8')) as ProbeResult;
  assert.deepEqual(result.errors, [], context());
  assert.equal(result.filetype, 'repl');
  assert.deepEqual(result.clients, ['replscope']);
  assert.ok(result.version.major > 0 || result.version.minor >= 7, `Neovim ${JSON.stringify(result.version)}`);

  // The checker's error, on its line, as an error; nothing else is an error in the example.
  const errors = result.diagnostics.filter((d) => d.severity === 1);
  assert.deepEqual(
    errors.map((d) => d.lnum),
    [badLine],
    JSON.stringify(result.diagnostics),
  );
  assert.match(errors[0]?.message ?? '', /unknown server 'm9'/);

  // The hover of the `replica` keyword explains it.
  assert.ok(result.hover && result.hover.length > 20, `hover: ${result.hover}`);
  assert.match(result.hover, /^\*\*keyword\*\* `replica`\n/);
  assert.match(result.hover, /relay log/);

  // Completion at the start of a line offers the language's statements.
  const labels = result.completion ?? [];
  for (const keyword of ['expect', 'crash', 'wait'])
    assert.ok(
      labels.some((l) => l.startsWith(keyword)),
      `${keyword} in ${JSON.stringify(labels)}`,
    );
});
