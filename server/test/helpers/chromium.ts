/**
 * Headless Chromium for the tests that open a page (the timeline exports, the webview bundle): Debian's
 * /usr/bin/chromium driven by playwright-core, with the flags this closed network needs. `npm test` installs
 * Chromium first (scripts/setup-vscode-server.sh); without it these tests fail and say how to get it.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
// Loaded at run time, not bundled: playwright-core finds its own files next to it in node_modules.
const PLAYWRIGHT = 'playwright-core';

export async function launchChromium(): Promise<Browser> {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run \`bash scripts/setup-vscode-server.sh\` (npm test does)`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require(PLAYWRIGHT) as typeof import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
