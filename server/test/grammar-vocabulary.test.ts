// The TextMate grammar spells out the language's vocabulary in its patterns; these checks keep it in step with
// the catalogs the checker uses, so a new setting, state, status variable, verdict or keyword is highlighted too.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { keywords } from '../src/language/tokens';
import { VERDICT_KINDS } from '../src/model/scenario';
import { SETTINGS } from '../src/model/settings';
import { TXN_STATES } from '../src/model/states';
import { STATUS_VARIABLES } from '../src/model/status-variables';

const grammar = readFileSync(join(__dirname, '..', '..', 'syntaxes', 'repl.tmLanguage.json'), 'utf8');
/** Every alternative word written in the grammar's regular expressions. */
const words = new Set(grammar.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);

function missing(names: Iterable<string>): string[] {
  return [...names].filter((n) => !words.has(n));
}

void test('every setting, under its short and its MySQL name, is in the grammar', () => {
  assert.deepEqual(missing(SETTINGS.flatMap((s) => [s.name, s.mysqlName])), []);
});

void test('every pipeline state, status variable and verdict is in the grammar', () => {
  assert.deepEqual(missing(TXN_STATES.map((s) => s.name)), []);
  assert.deepEqual(missing(STATUS_VARIABLES.map((v) => v.name)), []);
  assert.deepEqual(missing(VERDICT_KINDS), []);
});

void test('every keyword of the lexer is in the grammar', () => {
  assert.deepEqual(missing(Object.keys(keywords)), []);
});
