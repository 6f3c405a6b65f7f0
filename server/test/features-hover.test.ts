/**
 * Hover: every keyword, setting, state, status variable, verdict, outcome, column type and flavor is explained;
 * settings with their MySQL variable and their default for the right flavor; names with their declaration.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { hoverAt, hoverSections } from '../src/features/hover';
import { KEYWORD_DOCS } from '../src/language/keyword-docs';
import { keywords } from '../src/language/tokens';
import { FLAVORS, VERDICT_KINDS } from '../src/model/scenario';
import { SETTINGS } from '../src/model/settings';
import { TXN_STATES } from '../src/model/states';
import { STATUS_VARIABLES } from '../src/model/status-variables';
import { analyze, snippet, sourceOf } from './helpers/snippet';

/** The markdown of the hover at the `<|>` of a snippet ('' when there is none). */
function hoverText(marked: string): string {
  const s = snippet(marked);
  return hoverAt(analyze(s.text), s.position, sourceOf(s.text))?.markdown ?? '';
}

const world = [
  'flavor mysql-5.7',
  'source m1 { semisync wait_point=after_commit }',
  'replica r1 of m1 { semisync }',
  'table t (id int primary key, v varchar(20))',
  'client app on m1',
  "app: insert into t values (1, 'a')",
  "app: begin; insert into t values (2, 'b'); commit as T2",
].join('\n');

void describe('keywords', () => {
  void test('every keyword of the lexer has a documentation entry, and every entry is a keyword', () => {
    assert.deepEqual(Object.keys(KEYWORD_DOCS).sort(), Object.keys(keywords).sort());
  });

  void test('hovering each keyword explains it', () => {
    const words = Object.keys(keywords);
    const text = words.join('\n');
    const analysis = analyze(text);
    words.forEach((word, line) => {
      const h = hoverSections(analysis, { line, character: 1 }, sourceOf(text));
      assert.ok(h, `no hover for ${word}`);
      assert.match(h.sections.join('\n'), new RegExp(`\\*\\*keyword\\*\\* \`${word}\``));
      assert.deepEqual(h.range, { start: { line, character: 0 }, end: { line, character: word.length } });
    });
  });

  void test('a keyword shows its default for the file’s flavor', () => {
    assert.match(hoverText('flavor mariadb-10.11\nsource m1 { }\n<|>crash m1'), /Default \(mariadb-10\.11\): process/);
    assert.match(hoverText('flavor mysql-5.5\n<|>source m1 { }'), /sync_binlog=0/);
    assert.match(hoverText('flavor mysql-8.0\n<|>source m1 { }'), /sync_binlog=1/);
    assert.match(hoverText('<|>link m1 -> r1'), /latency 200us/);
  });

  void test('case does not matter', () => {
    assert.match(hoverText('source m1 { }\nCR<|>ASH m1'), /\*\*keyword\*\* `crash`/);
  });
});

void describe('settings', () => {
  void test('every setting is explained with its MySQL variable, its values and its default', () => {
    for (const spec of SETTINGS) {
      const text = hoverText(`source m1 { ${spec.name.slice(0, 1)}<|>${spec.name.slice(1)} }`);
      assert.match(text, new RegExp(`\\*\\*setting\\*\\* \`${spec.name}\``), spec.name);
      assert.ok(text.includes(spec.doc), `${spec.name}: doc`);
      assert.ok(text.includes(`Default (mysql-8.0): \`${spec.defaultText('mysql-8.0')}\``), `${spec.name}: default`);
      if (!spec.name.endsWith('_latency')) assert.ok(text.includes(spec.mysqlName), `${spec.name}: MySQL name`);
    }
  });

  void test('the default follows the file’s flavor, and a server’s own flavor', () => {
    assert.match(hoverText('flavor mysql-5.5\nsource m1 { sync<|>_binlog=1 }'), /Default \(mysql-5\.5\): `0`/);
    assert.match(hoverText('flavor mysql-8.0\nsource m1 { sync<|>_binlog=1 }'), /Default \(mysql-8\.0\): `1`/);
    assert.match(
      hoverText('flavor mysql-8.0\nsource m1 { flavor=mariadb-10.11 wait<|>_point=after_commit }'),
      /Default \(mariadb-10\.11\): `after_commit`/,
    );
  });

  void test('a setting written under its MySQL name, after `set`, and a setting value', () => {
    assert.match(hoverText('source m1 { rpl_semi_sync_master_<|>timeout=5s }'), /\*\*setting\*\* `timeout`/);
    assert.match(hoverText('source m1 { }\nset m1 time<|>out=5s'), /\*\*setting\*\* `timeout`/);
    assert.match(hoverText('source m1 { semisync wait_point=after_co<|>mmit }'), /value `after_commit` of \*\*wait_point\*\*/);
  });
});

void describe('MySQL’s other words', () => {
  void test('every pipeline state', () => {
    for (const s of TXN_STATES) {
      const text = hoverText(`${world}\non T2 ${s.name}<|>: crash m1`);
      assert.match(text, new RegExp(`\\*\\*state\\*\\* \`${s.name}\``));
      assert.ok(text.includes(s.doc));
    }
  });

  void test('every status variable', () => {
    for (const v of STATUS_VARIABLES) {
      const text = hoverText(`${world}\nexpect m1 <|>${v.name} = 1`);
      assert.match(text, new RegExp(`\\*\\*status variable\\*\\* \`${v.name}\` — ${v.source}`));
    }
  });

  void test('every verdict, outcome, flavor and column type', () => {
    for (const v of VERDICT_KINDS) assert.match(hoverText(`expect no <|>${v}`), new RegExp(`\\*\\*verdict\\*\\* \`${v}\``));
    for (const o of ['ok', 'error', 'lost_connection', 'pending'])
      assert.match(hoverText(`${world}\nexpect T2 outcome <|>${o}`), new RegExp(`\\*\\*outcome\\*\\* \`${o}\``));
    for (const f of FLAVORS) {
      assert.match(hoverText(`flavor <|>${f}`), new RegExp(`\\*\\*flavor\\*\\* \`${f}\``));
      assert.match(hoverText(`source m1 { flavor=<|>${f} }`), new RegExp(`\\*\\*flavor\\*\\* \`${f}\``));
    }
    for (const t of ['tinyint', 'int', 'bigint', 'varchar', 'char', 'text'])
      assert.match(hoverText(`table t (c <|>${t})`), /\*\*column type\*\*/);
  });

  void test('durations and sizes in plain numbers', () => {
    assert.match(hoverText('wait 1.<|>5s'), /1,500,000 µs/);
    assert.match(hoverText('source m1 { max_binlog_size=16<|>MB }'), /16,777,216 bytes/);
  });
});

void describe('names', () => {
  void test('a server shows its declaration, line and configuration', () => {
    const text = hoverText(`${world}\ncrash <|>m1`);
    assert.match(text, /\*\*server\*\* `m1` — source m1 \(declared on line 2\)/);
    assert.match(text, /source m1 \{ semisync wait_point=after_commit \}/);
    assert.match(text, /semi-sync on \(after_commit, timeout 10s, 1 ACK\)/);
  });

  void test('at its declaration it counts its references', () => {
    assert.match(hoverText(`${world.replace('source m1', 'source <|>m1')}\ncrash m1`), /declared here, line 2; 3 references/);
  });

  void test('a transaction shows its statements', () => {
    const text = hoverText(`${world}\nexpect <|>T2 outcome ok`);
    assert.match(text, /\*\*transaction\*\* `T2` — transaction T2 of app on m1/);
    assert.match(text, /app: begin +# line 7/);
    assert.match(text, /app: insert into t values \(2, 'b'\) +# line 7/);
    assert.match(text, /app: commit +# line 7/);
  });

  void test('an automatic transaction name says so', () => {
    const text = hoverText(`${world}\nexpect T<|>1 outcome ok`);
    assert.match(text, /An automatic name/);
    assert.match(text, /app: insert into t values \(1, 'a'\) +# line 6/);
  });

  void test('clients, tables, columns', () => {
    assert.match(hoverText(`${world}\n<|>app: commit`), /\*\*client\*\* `app` — client app on m1 \(declared on line 5\)/);
    assert.match(hoverText(`${world}\nexpect m1 has <|>t(id=1)`), /\*\*table\*\* `t` — table test\.t/);
    assert.match(hoverText(`${world}\nexpect m1 has t(<|>id=1)`), /\*\*column\*\* `id` — column id int/);
  });

  void test('nothing on blanks, punctuation and unknown names', () => {
    assert.equal(hoverText(`${world}\n<|>\n`), '');
    assert.equal(hoverText(`${world}\ncrash <|>zz`), '');
  });
});

void describe('contributors', () => {
  void test('sections of other modules follow this module’s, and can cover a whole step', () => {
    const s = snippet(`${world}\nwait 1<|>0ms`);
    const analysis = analyze(s.text);
    const found = hoverAt(analysis, s.position, sourceOf(s.text), [({ item }) => (item?.kind === 'step' ? ['ran at 12ms'] : [])]);
    assert.ok(found);
    assert.match(found.markdown, /duration: 10,000 µs[\s\S]*---[\s\S]*ran at 12ms/);
    const blank = snippet(`${world}\ncrash  <|>  m1`);
    const onlyTheirs = hoverAt(analyze(blank.text), blank.position, sourceOf(blank.text), [() => ['from the run']]);
    assert.equal(onlyTheirs?.markdown, 'from the run');
  });
});

void describe('exploration', () => {
  void test('the setting and the values of an explore line are explained as in a server’s braces', () => {
    assert.match(hoverText(`${world}\nexplore <|>wait_point in (after_sync, after_commit)`), /rpl_semi_sync_master_wait_point/);
    assert.match(hoverText(`${world}\nexplore wait_point in (after_sync, <|>after_commit)`), /after_commit/i);
    assert.match(hoverText(`${world}\n<|>explore sync_binlog in (0, 1)`), /replscope explore/);
    assert.match(hoverText(`${world}\nexpect <|>always no lost_acknowledged_commit`), /whole crash-point sweep/);
  });
});
