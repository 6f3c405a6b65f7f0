// The Mocha entry point of the integration suites, loaded by VS Code's extension host as
// `extensionTestsPath` (out/vscode-test/suite/index.js) under scripts/test-vscode.mjs or
// scripts/test-electron.mjs. It runs every *.test.js next to it (the build bundles each
// client/test/suite/*.test.ts there) and rejects when a test failed, which makes VS Code exit with 1.
//
// `mocha` is left out of the bundle (external) and is required at run time: out/vscode-test/suite/ is inside
// the repository, so Node finds it in the repository's node_modules.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // REPLSCOPE_SUITE_GREP runs only the tests whose titles match it (while working on one; never in CI).
  const grep = process.env.REPLSCOPE_SUITE_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, ...(grep ? { grep } : {}) });
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  return new Promise<void>((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    try {
      const runner = mocha.run(() => {
        console.log(`${passed} passed, ${failed} failed`);
        if (failed > 0) reject(new Error(`${failed} test(s) failed`));
        else if (passed === 0) reject(new Error(`no tests ran (test files: ${files.join(', ') || 'none'})`));
        else resolve();
      });
      runner.on('pass', () => passed++);
      // 'fail' also fires for failing hooks, which count as failures here.
      runner.on('fail', () => failed++);
    } catch (error) {
      console.error(error);
      console.log(`${passed} passed, ${failed + 1} failed`);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
