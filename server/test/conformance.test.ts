// The conformance corpus: each server/test/conformance/*.repl was run on a real MariaDB 10.11 by
// `replscope verify FILE --record`, which wrote what the real servers printed to FILE.real.json. Here the engine runs
// each scenario and every value it gives must equal the recorded one, except the values listed in
// known-mismatches.json (each with the reason): a new mismatch fails, and so does a listed one that now matches, so
// that the list stays the exact measure of what the engine gets wrong. scripts/test-conformance-real.mjs checks the
// records themselves against a real server.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../src/language/analyze';
import { runScenario } from '../src/run';
import { compareObservations, type RealRecord } from '../src/verify/compare';
import { engineObservations, observationKey } from '../src/verify/values';

const dir = join(__dirname, '..', '..', 'server', 'test', 'conformance');
const known = JSON.parse(readFileSync(join(dir, 'known-mismatches.json'), 'utf8')) as Record<string, Record<string, string>>;
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.repl'))
  .sort();

void test('the corpus has at least 30 scenarios, each with its real record', () => {
  assert.ok(files.length >= 30, `${files.length} scenarios`);
  for (const f of files) assert.ok(existsSync(join(dir, f.replace(/\.repl$/, '.real.json'))), `${f} has no .real.json`);
  for (const f of Object.keys(known)) assert.ok(files.includes(f), `known-mismatches.json names ${f}, which is not in the corpus`);
});

for (const file of files) {
  void test(`${file}: the engine gives the values a real MariaDB printed`, () => {
    const analysis = analyze(readFileSync(join(dir, file), 'utf8'));
    assert.deepEqual(
      analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
    );
    const record = JSON.parse(readFileSync(join(dir, file.replace(/\.repl$/, '.real.json')), 'utf8')) as RealRecord;
    const engine = engineObservations(analysis.scenario, runScenario(analysis.scenario));
    const missing = engine.map(observationKey).filter((k) => !(k in record.values));
    assert.deepEqual(missing, [], `${file}: values the record lacks (record it again with replscope verify --record)`);
    const comparisons = compareObservations(engine, record.values);
    const expected = known[file] ?? {};
    const mismatched = comparisons.filter((c) => !c.match);
    const unexpected = mismatched
      .filter((c) => !(observationKey(c) in expected))
      .map((c) => `${observationKey(c)}: engine ${c.engine}, real ${c.real}`);
    const nowMatching = Object.keys(expected).filter((k) => !mismatched.some((c) => observationKey(c) === k));
    assert.deepEqual(unexpected, [], `${file}: the engine differs from the real server`);
    assert.deepEqual(nowMatching, [], `${file}: known mismatches that now match: remove them from known-mismatches.json`);
  });
}
