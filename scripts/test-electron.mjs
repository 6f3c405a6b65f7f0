#!/usr/bin/env node
// Runs the extension's integration suites (client/test/suite/*.test.ts, bundled to out/vscode-test/suite/)
// in a desktop VS Code downloaded by @vscode/test-electron: for machines that can reach
// update.code.visualstudio.com. Headless machines without that (CI here) use scripts/test-vscode.mjs, which
// runs the very same suites in the VS Code server opened in headless Chromium.
//
// On Linux without a display, run it under a virtual one: `xvfb-run -a node scripts/test-electron.mjs`.
// Environment: VSCODE_TEST_VERSION (default 1.100.3, the version test-vscode.mjs runs; 'stable' for the
// newest; VS Code is cached in .vscode-test/), REPLSCOPE_SKIP_BUILD=1 uses the existing build.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const version = process.env.VSCODE_TEST_VERSION ?? '1.100.3';
const suiteIndex = path.join(root, 'out', 'vscode-test', 'suite', 'index.js');
const label = `desktop VS Code (@vscode/test-electron, VS Code ${version}) suite`;

if (process.env.REPLSCOPE_SKIP_BUILD !== '1') {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) {
    console.log(`${label}: FAILED: the build (node scripts/build.mjs) failed with status ${build.status}`);
    process.exit(1);
  }
}
if (!fs.existsSync(suiteIndex)) {
  console.log(`${label}: FAILED: ${path.relative(root, suiteIndex)} is missing (no client/test/suite/*.test.ts built?)`);
  process.exit(1);
}
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.log('[test-electron] no DISPLAY: if VS Code fails to start, run this under `xvfb-run -a`');
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'replscope-electron-'));
const workspace = path.join(tmp, 'workspace');
const userDataDir = path.join(tmp, 'user-data');
fs.cpSync(path.join(root, 'client', 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
fs.writeFileSync(
  path.join(userDataDir, 'User', 'settings.json'),
  JSON.stringify(
    {
      'security.workspace.trust.enabled': false,
      'workbench.startupEditor': 'none',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
    },
    null,
    2,
  ),
);

let code = 1;
try {
  code = await runTests({
    version,
    extensionDevelopmentPath: root,
    extensionTestsPath: suiteIndex,
    launchArgs: [
      workspace,
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      path.join(tmp, 'extensions'),
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
    ],
  });
  console.log(`${label}: ${code === 0 ? 'passed' : `FAILED (exit code ${code})`}`);
} catch (error) {
  console.error(error);
  console.log(`${label}: FAILED: ${String(error?.message ?? error).split('\n')[0]}`);
  code = 1;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
}
process.exit(code);
