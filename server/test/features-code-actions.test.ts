/**
 * Quick fixes: each one, applied, removes the problem it was offered for and adds none.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction } from 'vscode-languageserver';
import { quickFixes, shrinkActions } from '../src/features/code-actions';
import { runDiagnostics } from '../src/features/run-diagnostics';
import { toLspDiagnostic } from '../src/features/diagnostics';
import { runSummary } from '../src/run';
import { analyze, documentOf, problems } from './helpers/snippet';

const world = [
  'source m1 { semisync }',
  'replica r1 of m1 { semisync }',
  'table t (id int primary key, v varchar(20))',
  'client app on m1',
];

/** The quick fixes offered for line `line` (one-based) of the text. */
function fixesOn(text: string, line: number): CodeAction[] {
  const range = { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: 0 } };
  return quickFixes(analyze(text), documentOf(text), range);
}

/** The text after applying a code action's edits. */
function apply(text: string, action: CodeAction | undefined): string {
  assert.ok(action, 'no quick fix offered');
  const edits = action.edit?.changes?.['file:///snippet.repl'] ?? [];
  return TextDocument.applyEdits(documentOf(text), edits);
}

const cases: { what: string; lines: string[]; line: number; title: RegExp; code: string; after: RegExp }[] = [
  {
    what: 'a misspelled server',
    lines: [...world, 'promote r2'],
    line: 5,
    title: /Change 'r2' to 'r1'/,
    code: 'unknown-name',
    after: /promote r1$/,
  },
  {
    what: 'a misspelled client',
    lines: [...world, "ap: insert into t values (1, 'a')"],
    line: 5,
    title: /'ap' to 'app'/,
    code: 'unknown-name',
    after: /^app: insert/m,
  },
  {
    what: 'a misspelled column',
    lines: [...world, "app: update t set vv = 'x'"],
    line: 5,
    title: /'vv' to 'v'/,
    code: 'unknown-name',
    after: /set v = 'x'/,
  },
  {
    what: 'an unknown setting',
    lines: ['source m1 { semisinc }'],
    line: 1,
    title: /'semisinc' to 'semisync'/,
    code: 'unknown-setting',
    after: /\{ semisync \}/,
  },
  {
    what: 'a wrong setting value',
    lines: ['source m1 { semisync wait_point=after_synk }'],
    line: 1,
    title: /'after_synk' to 'after_sync'/,
    code: 'bad-value',
    after: /wait_point=after_sync \}/,
  },
  {
    what: 'an unknown state',
    lines: [...world, "app: insert into t values (1, 'a') as A", 'on A engine_comitted: crash m1'],
    line: 6,
    title: /'engine_committed'/,
    code: 'unknown-state',
    after: /on A engine_committed:/,
  },
  {
    what: 'an impossible wait state',
    lines: [
      'source m1 { semisync wait_point=after_commit }',
      'replica r1 of m1 { semisync }',
      'table t (id int)',
      'client app on m1',
      'app: insert into t values (1) as A',
      'on A after_sync_wait: crash m1',
    ],
    line: 6,
    title: /'after_sync_wait' to 'after_commit_wait'/,
    code: 'impossible-state',
    after: /on A after_commit_wait:/,
  },
  {
    what: 'an unknown status variable',
    lines: [...world, 'expect m1 Rpl_semi_sync_master_stauts = ON'],
    line: 5,
    title: /Rpl_semi_sync_master_status/,
    code: 'unknown-variable',
    after: /expect m1 Rpl_semi_sync_master_status = ON/,
  },
  {
    what: 'an unknown verdict',
    lines: [...world, 'expect no divergense'],
    line: 5,
    title: /'divergence'/,
    code: 'bad-value',
    after: /expect no divergence/,
  },
  {
    what: 'an unknown flavor',
    lines: ['flavor mysql-8.1', 'source m1 { }'],
    line: 1,
    title: /'mysql-8\.0'|'mysql-8\.4'/,
    code: 'bad-value',
    after: /flavor mysql-8\.[04]/,
  },
  {
    what: 'a misspelled keyword at the start of a line',
    lines: [...world, 'promte r1'],
    line: 5,
    title: /'promte' to 'promote'/,
    code: 'syntax',
    after: /^promote r1$/m,
  },
  {
    what: 'a misspelled keyword further on',
    lines: [...world, 'crash m1 hots'],
    line: 5,
    title: /'hots' to 'host'/,
    code: 'syntax',
    after: /crash m1 host$/,
  },
  {
    what: 'a transaction never committed',
    lines: [...world, 'app: begin', "app: insert into t values (1, 'a')", 'crash r1'],
    line: 5,
    title: /add 'app: commit'/,
    code: 'transaction-structure',
    after: /app: insert into t values \(1, 'a'\)\napp: commit\ncrash r1/,
  },
  {
    what: 'a change master that nothing starts again',
    lines: [...world, 'stop r1', 'change master r1 to m1 from end', "app: insert into t values (1, 'a')"],
    line: 6,
    title: /add 'start r1'/,
    code: 'replica-not-started',
    after: /change master r1 to m1 from end\nstart r1\napp: insert/,
  },
  {
    what: 'semi-sync settings without semi-sync',
    lines: ['source m1 { timeout=5s }', 'replica r1 of m1 { semisync }'],
    line: 1,
    title: /add 'semisync'/,
    code: 'doubtful-setting',
    after: /source m1 \{ semisync timeout=5s \}/,
  },
  {
    what: 'a semi-sync setting changed at run time on a server without semi-sync',
    lines: ['source m1 { }', 'set m1 timeout=5s'],
    line: 2,
    title: /add 'semisync=on'/,
    code: 'doubtful-setting',
    after: /^set m1 semisync=on timeout=5s$/m,
  },
  {
    what: 'an ACK wait on a server without semi-sync',
    lines: [
      'source m1 { }',
      'replica r1 of m1 { semisync }',
      'table t (id int)',
      'client app on m1',
      'app: insert into t values (1) as A',
      'on A after_sync_wait: crash m1',
    ],
    line: 6,
    title: /add 'semisync'/,
    code: 'impossible-state',
    after: /source m1 \{ semisync \}/,
  },
];

void describe('each quick fix removes its problem', () => {
  for (const c of cases) {
    void test(c.what, () => {
      const text = c.lines.join('\n');
      const before = problems(text);
      assert.ok(
        before.some((p) => p.startsWith(`${c.line}:`) && p.endsWith(` ${c.code}`)),
        `expected a ${c.code} on line ${c.line}: ${JSON.stringify(before)}`,
      );
      const action = fixesOn(text, c.line).find((a) => c.title.test(a.title));
      assert.ok(action, `no fix titled ${String(c.title)} in ${JSON.stringify(fixesOn(text, c.line).map((a) => a.title))}`);
      assert.equal(action.kind, 'quickfix');
      assert.equal(action.diagnostics?.[0]?.code, c.code);
      const after = apply(text, action);
      assert.match(after, c.after);
      const remaining = problems(after);
      assert.ok(
        !remaining.some((p) => p.startsWith(`${c.line}:`) && p.endsWith(` ${c.code}`)),
        `still there: ${JSON.stringify(remaining)}`,
      );
      const errorsBefore = problems(text, 'error').length;
      assert.ok(
        problems(after, 'error').length < errorsBefore ||
          problems(after, 'warning').length < problems(text, 'warning').length ||
          problems(after).length < before.length,
      );
    });
  }
});

void describe('no fix where there is nothing to fix', () => {
  void test('a clean line', () => assert.deepEqual(fixesOn([...world, 'crash m1'].join('\n'), 5), []));
  void test('a syntax error that is not a misspelled keyword', () => assert.deepEqual(fixesOn([...world, 'crash m1 {'].join('\n'), 5), []));
  void test('an unknown name with nothing close', () => assert.deepEqual(fixesOn([...world, 'promote zzzzzz'].join('\n'), 5), []));
});

void describe('shrink', () => {
  void test('each verdict diagnostic of the run offers to shrink the file to what still shows it', () => {
    const text = [
      'source m1 { }',
      'replica r1 of m1 { }',
      'table t (id int primary key)',
      'client app on m1',
      'partition m1 -> r1',
      'app: insert into t values (1)',
      'crash m1',
      'promote r1',
    ].join('\n');
    const run = runSummary(analyze(text).scenario);
    const diagnostics = runDiagnostics(run, text.split('\n')).map(toLspDiagnostic);
    const actions = shrinkActions('file:///snippet.repl', diagnostics);
    const kinds = run.verdicts.filter((v) => v.kind !== 'expectation_failed' && v.line !== undefined).map((v) => v.kind);
    assert.ok(kinds.length > 0);
    assert.deepEqual(
      actions.map((a) => a.command?.arguments),
      kinds.map((k) => ['file:///snippet.repl', k]),
    );
    assert.ok(
      actions.every((a) => a.command?.command === 'replscope.shrink' && /^Shrink to the smallest scenario that still shows /.test(a.title)),
    );
    assert.deepEqual(shrinkActions('file:///snippet.repl', [{ ...diagnostics[0], code: 'syntax' }]), []);
  });
});
