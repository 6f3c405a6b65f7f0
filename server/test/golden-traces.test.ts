// Golden traces: every example's run, in its golden form (helpers/golden.ts), is kept in server/test/golden/ and
// compared here, so a change to the engine that changes what a run means shows up as a reviewed diff of these files.
// `REPLSCOPE_UPDATE_GOLDEN=1 node --test out/test/golden-traces.test.js` rewrites them.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runScenario } from '../src/run';
import { rowsAfterStep, statusAfterStep } from '../src/trace/query';
import { analyze } from '../src/language/analyze';
import { goldenForm } from './helpers/golden';

const root = join(__dirname, '..', '..');
const examples = join(root, 'examples');
const golden = join(root, 'server', 'test', 'golden');
const update = process.env.REPLSCOPE_UPDATE_GOLDEN === '1';

for (const name of readdirSync(examples)
  .filter((f) => f.endsWith('.repl'))
  .sort()) {
  void test(`${name}: the run matches its golden trace`, () => {
    const trace = runScenario(analyze(readFileSync(join(examples, name), 'utf8')).scenario);
    const form = goldenForm(trace, (t, i) => ({ status: statusAfterStep(t, i), rows: rowsAfterStep(t, i) }));
    const text = `${JSON.stringify(form, null, 1)}\n`;
    const file = join(golden, name.replace(/\.repl$/, '.json'));
    if (update || !existsSync(file)) writeFileSync(file, text);
    assert.equal(text, readFileSync(file, 'utf8'), `${name}: the run differs from server/test/golden/${name.replace(/\.repl$/, '.json')}`);
  });
}
