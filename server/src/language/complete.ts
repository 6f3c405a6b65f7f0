/**
 * What can be written at the cursor. Completion reads the token stream, not the syntax tree: the line being
 * typed is usually incomplete (a syntax error), while the tokens before the cursor still say where we are
 * (`on T2 ` wants a state, `app: insert into ` a table). The names in scope come from the symbol table of
 * the rest of the file.
 */
import type { IToken, TokenType } from 'chevrotain';
import type { Analysis } from './analyze';
import type { SymbolKind } from './checker/context';
import { firstTokenAtOffset } from './locate';
import { splitItems } from './split-items';
import * as T from './tokens';
import { FLAVORS, VERDICT_KINDS } from '../model/scenario';
import { findSetting, SETTINGS, STARTUP_ONLY_SETTINGS } from '../model/settings';
import { findState, TXN_STATES } from '../model/states';
import { findStatusVariable, printedStatusName, STATUS_VARIABLES } from '../model/status-variables';
import { COLUMN_TYPE_DOCS, OUTCOME_DOCS, PRIVILEGE_DOCS } from './vocabulary-docs';

export type CandidateKind =
  | 'keyword'
  | 'server'
  | 'client'
  | 'table'
  | 'column'
  | 'txn'
  | 'setting'
  | 'value'
  | 'state'
  | 'variable'
  | 'verdict'
  | 'outcome'
  | 'flavor'
  | 'type';

/** One proposal. `label` is also what is inserted unless `insertText` says otherwise. */
export interface Candidate {
  label: string;
  kind: CandidateKind;
  /** A short description (a name's declaration, a setting's MySQL variable). */
  detail?: string;
  insertText?: string;
}

export interface Completion {
  candidates: Candidate[];
  /** Offset where the word being typed starts: the proposals replace the text from there to the cursor. */
  from: number;
}

/** Variables only SET GLOBAL gives (not declared in a server's braces). */
const RUN_TIME_ONLY = new Set(['sql_slave_skip_counter']);

const DECLARATION_KEYWORDS = ['scenario', 'flavor', 'seed', 'database', 'source', 'replica', 'link', 'table', 'client'];
const OPERATION_KEYWORDS = [
  'crash',
  'restart',
  'shutdown',
  'promote',
  'change master',
  'stop',
  'start',
  'partition',
  'heal',
  'kill',
  'reset',
  'set',
  'wait',
  'flush status',
  'flush binary logs',
  'purge binary logs',
  'inject empty transaction',
];
const LOOP_KEYWORDS = ['repeat', 'every'];
const SQL_KEYWORDS = [
  'insert into',
  'insert ignore into',
  'replace into',
  'update',
  'delete from',
  'select',
  'create table',
  'create index',
  'alter table',
  'drop table',
  'truncate table',
  'begin',
  'start transaction',
  'commit',
  'rollback',
  'retry',
];
const OUTCOMES = Object.keys(OUTCOME_DOCS);

const itemsCache = new WeakMap<IToken[], IToken[][]>();

/** The items of a token stream, split once per analysis. */
function itemsOf(tokens: IToken[]): IToken[][] {
  let items = itemsCache.get(tokens);
  if (!items) {
    items = splitItems(tokens);
    itemsCache.set(tokens, items);
  }
  return items;
}

/** The candidates at `offset` of `text`, whose analysis is `analysis`. */
export function complete(analysis: Analysis, text: string, offset: number): Completion {
  let start = offset;
  while (start > 0 && /[A-Za-z0-9_]/.test(text[start - 1])) start--;
  let wide = start;
  while (wide > 0 && /[A-Za-z0-9_.-]/.test(text[wide - 1])) wide--;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (insideStringOrComment(text.slice(lineStart, offset))) return { candidates: [], from: start };
  if (/^[0-9]/.test(text.slice(start, offset))) return { candidates: [], from: start };
  // The `s` of a rate (`10MB/s`) is part of a number too.
  if (/\d(?:B|KB|MB|GB)\/$/i.test(text.slice(Math.max(0, start - 4), start))) return { candidates: [], from: start };

  const env = new Env(analysis, text, offset);
  // A flavor is written with `-` and `.`: its word starts further left.
  const wideContext = itemPrefix(analysis.parse.tokens, text, wide);
  if (wide < start && wantsFlavor(wideContext)) return { candidates: flavors(), from: wide };
  const context = itemPrefix(analysis.parse.tokens, text, start);
  if (wide === start && wantsFlavor(context)) return { candidates: flavors(), from: start };
  return { candidates: dedupe(forItem(context, env)), from: start };
}

function insideStringOrComment(lineBefore: string): boolean {
  const rest = lineBefore.replace(/'(?:[^'\n]|'')*'|"(?:[^"\n]|"")*"/g, '');
  return /['"#]/.test(rest);
}

/** The tokens of the current item before `start`; empty when the cursor starts a new item. */
function itemPrefix(tokens: IToken[], text: string, start: number): IToken[] {
  const end = firstTokenAtOffset(tokens, start);
  if (end === 0) return [];
  const items = itemsOf(tokens);
  const last = tokens[end - 1];
  // The item holding the last token before the cursor: binary search on item starts.
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid][0].startOffset <= last.startOffset) lo = mid + 1;
    else hi = mid;
  }
  const item = items[lo - 1] ?? [];
  const prefix = item.filter((t) => t.startOffset < start);
  const gap = text.slice((last.endOffset ?? last.startOffset) + 1, start);
  if (gap.includes('\n') && depth(prefix) === 0) return [];
  return prefix;
}

function depth(tokens: IToken[]): number {
  let d = 0;
  for (const t of tokens) {
    if (t.tokenType === T.LParen || t.tokenType === T.LBrace) d++;
    else if ((t.tokenType === T.RParen || t.tokenType === T.RBrace) && d > 0) d--;
  }
  return d;
}

function wantsFlavor(p: IToken[]): boolean {
  const last = p[p.length - 1];
  const prev = p[p.length - 2];
  if (p.length === 1 && last?.tokenType === T.FlavorKw) return true;
  return is(last, T.Equals) && is(prev, T.Name, T.FlavorKw) && findSetting(prev?.image ?? '')?.kind === 'flavor';
}

function dedupe(candidates: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => (seen.has(c.label) ? false : (seen.add(c.label), true)));
}

// ---------------------------------------------------------------- what the file declares

class Env {
  constructor(
    readonly analysis: Analysis,
    readonly text: string,
    readonly offset: number,
  ) {}

  names(kind: SymbolKind, exclude?: string): Candidate[] {
    const out: Candidate[] = [];
    for (const d of this.analysis.symbols.declarations.values()) {
      if (d.kind !== kind || d.name.text === exclude) continue;
      out.push({ label: d.name.text, kind: kind === 'database' ? 'table' : kind, detail: d.detail || undefined });
    }
    return out;
  }

  /** The named replication channels of a multi-source replica (`for channel NAME`). */
  channelsOf(server: string | undefined): Candidate[] {
    const channels = this.analysis.scenario.servers.find((s) => s.name === server)?.channels ?? [];
    return channels
      .filter((c) => c.name !== '')
      .map((c) => ({ label: c.name, kind: 'value' as const, detail: `channel from ${c.sourceName}` }));
  }

  columnsOf(table: string | undefined): Candidate[] {
    if (table === undefined) return [];
    const prefix = `column:${table}.`;
    return [...this.analysis.symbols.declarations.values()]
      .filter((d) => d.key.startsWith(prefix))
      .map((d) => ({ label: d.name.text, kind: 'column' as const, detail: d.detail }));
  }

  kindOf(name: string): SymbolKind | undefined {
    for (const kind of ['server', 'client', 'txn', 'table'] as const) {
      if (this.analysis.symbols.declarations.has(`${kind}:${name}`)) return kind;
    }
    return undefined;
  }

  /** Tokens after the cursor on the same line (to find the table of a `select a, b from t` being typed). */
  tokensAfterCursor(): IToken[] {
    const tokens = this.analysis.parse.tokens;
    const lineEnd = this.text.indexOf('\n', this.offset);
    const limit = lineEnd < 0 ? this.text.length : lineEnd;
    const out: IToken[] = [];
    for (let i = firstTokenAtOffset(tokens, this.offset); i < tokens.length; i++) {
      const t = tokens[i];
      if (t.startOffset >= limit) break;
      out.push(t);
    }
    return out;
  }
}

const keywords = (words: readonly string[]): Candidate[] => words.map((label) => ({ label, kind: 'keyword' as const }));
const kw = (...words: string[]): Candidate[] => keywords(words);

function flavors(): Candidate[] {
  return FLAVORS.map((label) => ({ label, kind: 'flavor' as const }));
}

function is(t: IToken | undefined, ...types: TokenType[]): boolean {
  return t !== undefined && types.includes(t.tokenType);
}

// ---------------------------------------------------------------- items

function forItem(p: IToken[], env: Env): Candidate[] {
  const first = p[0];
  if (!first) return [...keywords([...DECLARATION_KEYWORDS, 'on', 'expect', 'at', 'after', ...LOOP_KEYWORDS]), ...actionStarters(env)];
  switch (first.tokenType) {
    case T.Repeat:
    case T.Every:
      return loop(p, env);
    case T.Scenario:
    case T.Seed:
    case T.Database:
    case T.FlavorKw:
      return [];
    case T.Source:
    case T.Replica:
      return serverDecl(p, env);
    case T.Link:
      return link(p, env);
    case T.Table:
      return table(p);
    case T.Client:
      return p.length === 2 ? kw('on') : p.length === 3 ? env.names('server') : clientPrivileges(p);
    case T.On:
      return trigger(p, env);
    case T.Expect:
      return expectation(p, env);
    case T.At:
    case T.After:
      return p.length >= 3 && is(p[2], T.Colon) ? action(p.slice(3), env) : [];
    default:
      return action(p, env);
  }
}

/**
 * `every 1s` wants `for`; inside the braces, the step being written on the cursor's line, as at the start of a line
 * (a body holds client steps and waits, each maybe `after DURATION:`).
 */
function loop(p: IToken[], env: Env): Candidate[] {
  const brace = p.findIndex((t) => t.tokenType === T.LBrace);
  if (brace < 0) return is(p[0], T.Every) && p.length === 2 && is(p[1], T.Duration) ? kw('for') : [];
  const cursorLine = env.text.slice(0, env.offset).split('\n').length;
  const line = p.slice(brace + 1).filter((t) => t.startLine === cursorLine);
  if (line.length === 0) return [...kw('after', 'wait'), ...env.names('client')];
  return forItem(line, env);
}

function actionStarters(env: Env): Candidate[] {
  return [...keywords(OPERATION_KEYWORDS), ...env.names('client')];
}

function serverDecl(p: IToken[], env: Env): Candidate[] {
  const brace = p.findIndex((t) => t.tokenType === T.LBrace);
  if (brace >= 0) {
    if (p.slice(brace).some((t) => t.tokenType === T.RBrace)) return [];
    return settings(p.slice(brace + 1), false);
  }
  if (is(p[0], T.Replica)) {
    if (p.length === 2) return kw('of');
    if (p.length === 3) return env.names('server', p[1]?.image);
  }
  return [];
}

/** Setting names, or after `name =` that setting's values. `written` are the tokens after `{` or `set SERVER`. */
function settings(written: IToken[], atRunTime: boolean): Candidate[] {
  const last = written[written.length - 1];
  const prev = written[written.length - 2];
  if (is(last, T.Equals)) return prev ? settingValues(prev.image) : [];
  const given = new Set(
    written.filter((t, i) => is(t, T.Name, T.FlavorKw) && !is(written[i - 1], T.Equals)).map((t) => findSetting(t.image)?.name),
  );
  return SETTINGS.filter(
    (s) => !given.has(s.name) && !(atRunTime && STARTUP_ONLY_SETTINGS.has(s.name)) && !(!atRunTime && RUN_TIME_ONLY.has(s.name)),
  ).map((s) => ({
    label: s.name,
    kind: 'setting' as const,
    detail: s.mysqlName === s.name ? undefined : s.mysqlName,
  }));
}

function settingValues(name: string): Candidate[] {
  const spec = findSetting(name);
  if (!spec) return [];
  const value = (label: string): Candidate => ({ label, kind: 'value', detail: `${spec.name}` });
  switch (spec.kind) {
    case 'bool':
      return ['on', 'off'].map(value);
    case 'enum':
      return (spec.values ?? []).map(value);
    case 'flavor':
      return flavors();
    case 'errors':
      return ['all', "'1062,1032'"].map(value);
    case 'duration':
      return [...(spec.unbounded ? [value('unbounded')] : []), ...defaultValue(spec.defaultText('mysql-8.0'), value)];
    default:
      return defaultValue(spec.defaultText('mysql-8.0'), value);
  }
}

/** The default as a proposal, when it is a single value (not a sentence). */
function defaultValue(text: string, make: (label: string) => Candidate): Candidate[] {
  return /^[\w.]+$/.test(text) ? [{ ...make(text), detail: 'the default' }] : [];
}

/** `client dba on r1 { … }`: the privileges read_only looks at. */
function clientPrivileges(p: IToken[]): Candidate[] {
  const brace = p.findIndex((t) => t.tokenType === T.LBrace);
  if (brace < 0 || p.slice(brace).some((t) => t.tokenType === T.RBrace) || is(p[p.length - 1], T.Equals)) return [];
  const given = new Set(p.slice(brace + 1).map((t) => t.image.toLowerCase()));
  return Object.keys(PRIVILEGE_DOCS)
    .filter((name) => !given.has(name))
    .map((label) =>
      label === 'sql_log_bin'
        ? { label, kind: 'setting' as const, detail: 'SET SESSION sql_log_bin', insertText: 'sql_log_bin=0' }
        : { label, kind: 'setting' as const, detail: 'privilege' },
    );
}

function link(p: IToken[], env: Env): Candidate[] {
  if (p.length === 1) return env.names('server');
  if (p.length === 3 && is(p[2], T.Arrow)) return env.names('server', p[1]?.image);
  if (p.length >= 4 && !is(p[p.length - 1], T.Latency, T.Jitter, T.Bandwidth)) return kw('latency', 'jitter', 'bandwidth', 'down');
  return [];
}

function table(p: IToken[]): Candidate[] {
  const open = p.findIndex((t) => t.tokenType === T.LParen);
  if (open < 0) return [];
  const inside = p.slice(open + 1);
  if (depth(inside) > 0) {
    // In `primary key (…)`: the columns of this table, as written in it.
    const paren = inside.map((t) => t.tokenType).lastIndexOf(T.LParen);
    if (is(inside[paren - 1], T.Key)) {
      const columns = inside.filter(
        (t, i) => t.tokenType === T.Name && (i === 0 || is(inside[i - 1], T.Comma)) && depth(inside.slice(0, i)) === 0,
      );
      return columns.map((c) => ({ label: c.image, kind: 'column' as const }));
    }
    return [];
  }
  const comma = inside.map((t) => t.tokenType).lastIndexOf(T.Comma);
  const element = inside.slice(comma + 1);
  const last = element[element.length - 1];
  if (element.length === 0) return kw('primary key');
  if (is(last, T.Primary)) return kw('key');
  if (is(last, T.Not)) return kw('null');
  if (element.length === 1 && is(last, T.Name)) {
    return Object.keys(COLUMN_TYPE_DOCS).map((label) => ({ label, kind: 'type' as const }));
  }
  if (element.length >= 2 && is(element[0], T.Name)) return kw('not null', 'primary key', 'auto_increment');
  return [];
}

function trigger(p: IToken[], env: Env): Candidate[] {
  const colon = p.findIndex((t) => t.tokenType === T.Colon);
  if (colon >= 0) return action(p.slice(colon + 1), env);
  switch (p.length) {
    case 1:
      return [...env.names('txn'), ...env.names('server')];
    case 2:
      return TXN_STATES.map((s) => ({ label: s.name, kind: 'state' as const, detail: s.onReplica ? 'on a replica' : 'on the source' }));
    case 3:
      return findState(p[2]?.image ?? '')?.onReplica ? kw('by') : [];
    case 4:
      return is(p[3], T.By) ? env.names('server') : [];
    default:
      return [];
  }
}

function action(p: IToken[], env: Env): Candidate[] {
  const n = p.length;
  const [a, b] = p;
  const last = p[n - 1];
  if (!a) return actionStarters(env);
  switch (a.tokenType) {
    case T.Name:
      if (is(b, T.Colon)) return sql(p.slice(2), env);
      if (n === 1) return kw('reconnects');
      if (is(b, T.Reconnects)) return n === 2 ? kw('to') : n === 3 ? env.names('server') : [];
      return [];
    case T.Crash:
      return n === 1 ? env.names('server') : n === 2 ? kw('process', 'host') : [];
    case T.Restart:
      if (n === 1) return env.names('server');
      if (n === 2) return kw('as');
      if (n === 3 && is(last, T.As)) return kw('replica');
      if (n === 4 && is(last, T.Replica)) return kw('of');
      if (n === 5 && is(last, T.Of)) return env.names('server', p[1]?.image);
      return startPosition(p, 6);
    case T.Shutdown:
    case T.Promote:
      return n === 1 ? env.names('server') : [];
    case T.Kill:
      return n === 1 ? env.names('client') : [];
    case T.Change:
      if (n === 1) return kw('master');
      if (n === 2) return env.names('server');
      if (n === 3) return kw('to');
      if (n === 4) return env.names('server', p[2]?.image);
      return [...startPosition(p, 5), ...changeMasterDelay(p, 5)];
    case T.Stop:
    case T.StartKw:
      if (is(last, T.For)) return kw('channel');
      if (is(last, T.Channel)) return env.channelsOf(p[1]?.image);
      if (n === 1) return env.names('server');
      // `for channel`, where the replica has named channels (a multi-source replica).
      return n === 2 ? [...kw('io_thread', 'sql_thread'), ...(env.channelsOf(p[1]?.image).length > 0 ? kw('for') : [])] : [];
    case T.Partition:
    case T.Heal:
      return n === 1 ? env.names('server') : n === 3 && is(last, T.Arrow) ? env.names('server', p[1]?.image) : [];
    case T.Reset:
      return n === 1 ? kw('master', 'slave') : n === 2 ? env.names('server') : [];
    case T.SetKw:
      return n === 1 ? env.names('server') : settings(p.slice(2), true);
    case T.Wait:
      if (n === 1) return kw('until');
      if (!is(b, T.Until)) return [];
      return n === 2 ? env.names('server') : n === 3 ? kw('caught') : n === 4 ? kw('up') : [];
    case T.Flush:
      if (n === 1) return kw('status', 'binary logs');
      if (is(b, T.BinaryKw)) return n === 2 ? kw('logs') : n === 3 ? env.names('server') : [];
      return n === 2 ? env.names('server') : [];
    case T.Purge:
      if (n === 1) return kw('binary logs', 'master logs');
      if (n === 2) return kw('logs');
      if (n === 3) return env.names('server');
      return n === 4 ? kw('to', 'before') : [];
    default:
      return [];
  }
}

/** After `restart … of SERVER` or `change master … to SERVER` (at index `at`): where to start reading. */
function startPosition(p: IToken[], at: number): Candidate[] {
  if (p.length === at) return kw('from', 'auto_position');
  if (p.length === at + 1 && is(p[at], T.From)) return kw('binlog', 'start', 'end');
  return [];
}

/**
 * After `change master r2 to m1 [start] [option …]`: the CHANGE MASTER TO options `master_delay=N` (MASTER_DELAY) and
 * `master_use_gtid=…` (MariaDB's MASTER_USE_GTID), and after `master_use_gtid=` its values.
 */
function changeMasterDelay(p: IToken[], at: number): Candidate[] {
  let rest = p.slice(at);
  if (rest.length >= 2 && is(rest[rest.length - 1], T.Equals) && rest[rest.length - 2]?.image.toLowerCase() === 'master_use_gtid')
    return ['slave_pos', 'current_pos', 'no'].map((v) => ({ label: v, kind: 'value' as const, detail: 'MASTER_USE_GTID' }));
  // Options already written (`name = value [,]`) leave the place for another.
  while (rest.length >= 3 && is(rest[rest.length - 2], T.Equals)) rest = rest.slice(0, -3);
  while (rest.length >= 4 && is(rest[rest.length - 1], T.Comma) && is(rest[rest.length - 3], T.Equals)) rest = rest.slice(0, -4);
  const complete =
    rest.length === 0 ||
    (rest.length === 1 && is(rest[0], T.AutoPosition)) ||
    (rest.length === 2 && is(rest[0], T.From) && is(rest[1], T.StartKw, T.End)) ||
    (rest.length === 5 && is(rest[0], T.From) && is(rest[1], T.Binlog));
  return complete
    ? [
        { label: 'master_delay', kind: 'setting', detail: 'source_delay' },
        { label: 'master_use_gtid', kind: 'setting', detail: 'MariaDB: slave_pos | current_pos | no' },
      ]
    : [];
}

// ---------------------------------------------------------------- SQL

function sql(p: IToken[], env: Env): Candidate[] {
  const n = p.length;
  const last = p[n - 1];
  if (is(last, T.As)) return [];
  if (is(p[n - 2], T.As)) return kw('nowait');
  const semi = p.map((t) => t.tokenType).lastIndexOf(T.Semicolon);
  const s = p.slice(semi + 1);
  if (s.length === 0) return [...keywords(SQL_KEYWORDS), ...(semi >= 0 ? kw('as', 'nowait') : [])];
  const first = s[0];
  const done = kw('as', 'nowait');
  switch (first.tokenType) {
    case T.Begin:
    case T.Commit:
    case T.Rollback:
      return s.length === 1 ? done : [];
    case T.StartKw:
      return s.length === 1 ? kw('transaction') : s.length === 2 ? done : [];
    case T.Retry:
      return s.length === 1 ? env.names('txn') : s.length === 2 ? done : [];
    case T.Insert:
      // `insert ignore into …` reads on as `insert into …`.
      if (is(s[1], T.Ignore)) return s.length === 2 ? kw('into') : insert([s[0], ...s.slice(2)], env);
      return s.length === 1 ? kw('into', 'ignore into') : insert(s, env);
    case T.Replace:
      return insert(s, env);
    case T.Update:
      return update(s, env);
    case T.Delete:
      if (s.length === 1) return kw('from');
      return filtered(s, env, 2);
    case T.Select:
      return select(s, env);
    case T.Create:
    case T.Drop:
    case T.Truncate:
    case T.Alter:
      return ddl(s, env);
    default:
      return [];
  }
}

/** `create table NAME (…)`, `create index I on T (…)`, `drop table T`, `truncate table T`, `alter table T add/drop column C`. */
function ddl(s: IToken[], env: Env): Candidate[] {
  const last = s[s.length - 1];
  const first = s[0];
  if (s.length === 1) {
    if (is(first, T.Create)) return kw('table', 'index');
    return is(first, T.Truncate) ? [...kw('table'), ...env.names('table')] : kw('table');
  }
  if (is(first, T.Create) && is(s[1], T.Index)) {
    const on = s.findIndex((t) => t.tokenType === T.On);
    if (on < 0) return s.length === 3 ? kw('on') : [];
    if (s.length === on + 1) return env.names('table');
    const { name, next } = tableAfter(s, on + 1);
    return s.length > next && is(last, T.LParen, T.Comma) ? env.columnsOf(name) : [];
  }
  // A new table's name is the writer's to choose.
  if (is(first, T.Create)) return [];
  const at = is(s[1], T.Table) ? 2 : 1;
  if (s.length === at || (is(last, T.Dot) && s.length === at + 2)) return env.names('table');
  if (!is(first, T.Alter)) return [];
  const { name, next } = tableAfter(s, at);
  if (s.length === next) return kw('add column', 'drop column');
  if (is(last, T.Drop) || (is(last, T.Column) && is(s[s.length - 2], T.Drop))) return env.columnsOf(name);
  return is(last, T.Add) ? kw('column') : [];
}

/** The table named after `into`, `update` or `from` (the last part of `d.t`), and the index after it. */
function tableAfter(s: IToken[], at: number): { name?: string; next: number } {
  if (!is(s[at], T.Name)) return { next: at };
  if (is(s[at + 1], T.Dot)) return { name: s[at + 2]?.image, next: at + 3 };
  return { name: s[at]?.image, next: at + 1 };
}

/** At `s.length === at`: a table is wanted; after it: `where` and the columns of its conditions. */
function filtered(s: IToken[], env: Env, at: number, after: string[] = []): Candidate[] {
  const last = s[s.length - 1];
  if (s.length === at || (is(last, T.Dot) && s.length === at + 2)) return env.names('table');
  const { name, next } = tableAfter(s, at);
  if (s.length === next) return keywords(['where', ...after]);
  if (is(last, T.Where, T.And)) return env.columnsOf(name);
  if (s.some((t) => t.tokenType === T.Where) && isLiteralEnd(last)) return keywords(['and', ...after]);
  if (is(last, T.For)) return kw('update');
  return [];
}

function isLiteralEnd(t: IToken | undefined): boolean {
  return is(t, T.Int, T.NumberLit, T.StringLit, T.Null, T.RParen);
}

function insert(s: IToken[], env: Env): Candidate[] {
  const last = s[s.length - 1];
  if (s.length === 1) return kw('into');
  if (s.length === 2 || (is(last, T.Dot) && s.length === 4)) return env.names('table');
  const { name, next } = tableAfter(s, 2);
  if (s.length === next) return kw('values');
  const rest = s.slice(next);
  if (is(rest[0], T.LParen) && !rest.some((t) => t.tokenType === T.Values)) {
    if (rest.some((t) => t.tokenType === T.RParen)) return is(last, T.RParen) ? kw('values') : [];
    return is(last, T.LParen, T.Comma) ? env.columnsOf(name) : [];
  }
  // After the tuples: `on duplicate key update` (not after REPLACE, which has its own answer to a duplicate key), then its columns.
  const on = rest.findIndex((t) => t.tokenType === T.On);
  if (on < 0) return is(last, T.RParen) && depth(rest) === 0 && is(s[0], T.Insert) ? kw('on duplicate key update') : [];
  const odku = rest.slice(on);
  if (odku.length === 1) return kw('duplicate key update');
  if (is(last, T.Update, T.Comma, T.Equals) && odku.length >= 4) return env.columnsOf(name);
  return [];
}

function update(s: IToken[], env: Env): Candidate[] {
  const last = s[s.length - 1];
  if (s.length === 1 || (is(last, T.Dot) && s.length === 3)) return env.names('table');
  const { name, next } = tableAfter(s, 1);
  if (s.length === next) return kw('set');
  const hasWhere = s.some((t) => t.tokenType === T.Where);
  if (!hasWhere && is(last, T.SetKw, T.Comma)) return env.columnsOf(name);
  if (!hasWhere && is(last, T.Equals)) return env.columnsOf(name);
  if (!hasWhere && (isLiteralEnd(last) || (is(last, T.Name) && is(s[s.length - 2], T.Equals)) || is(s[s.length - 2], T.Plus, T.Minus))) {
    return kw('where');
  }
  if (is(last, T.Where, T.And)) return env.columnsOf(name);
  if (hasWhere && isLiteralEnd(last)) return kw('and');
  return [];
}

function select(s: IToken[], env: Env): Candidate[] {
  const last = s[s.length - 1];
  const from = s.findIndex((t) => t.tokenType === T.From);
  if (from < 0) {
    // The table comes after the columns: look for it further on the line.
    const ahead = env.tokensAfterCursor();
    const f = ahead.findIndex((t) => t.tokenType === T.From);
    const table = f >= 0 ? tableAfter(ahead, f + 1).name : undefined;
    if (s.length === 1) return [...kw('*', 'count(*)'), ...env.columnsOf(table)];
    if (is(last, T.Comma)) return env.columnsOf(table);
    return kw('from');
  }
  return filtered(s, env, from + 1, ['for update']);
}

// ---------------------------------------------------------------- expectations

function expectation(p: IToken[], env: Env): Candidate[] {
  const n = p.length;
  const subject = p[1];
  const verdicts = (): Candidate[] =>
    VERDICT_KINDS.filter((v) => v !== 'expectation_failed').map((label) => ({ label, kind: 'verdict' as const }));
  if (n === 1) return [...env.names('server'), ...env.names('txn'), ...kw('no'), ...verdicts()];
  if (is(subject, T.No)) return n === 2 ? verdicts() : n === 3 ? kw('of') : n === 4 ? [...env.names('txn'), ...env.names('server')] : [];
  if (!subject) return [];
  const second = p[2];
  if (n === 2) {
    const kind = env.kindOf(subject.image);
    const isVerdict = (VERDICT_KINDS as readonly string[]).includes(subject.image);
    const forTxn = kw('outcome');
    // Under the names the server prints: `Exec_Source_Log_Pos` on MySQL 8.0.22+ and 8.4 (the old names are accepted too).
    const flavor = env.analysis.scenario.servers.find((s) => s.name === subject.image)?.flavor ?? env.analysis.scenario.flavor;
    const forServer = [
      ...kw('has', 'lacks', 'replication'),
      ...STATUS_VARIABLES.map((v) => ({ label: printedStatusName(flavor, v.name), kind: 'variable' as const, detail: v.source })),
    ];
    if (isVerdict) return kw('of');
    if (kind === 'txn') return forTxn;
    if (kind === 'server') return forServer;
    return [...forTxn, ...forServer, ...kw('of')];
  }
  if (is(second, T.Outcome)) return n === 3 ? OUTCOMES.map((label) => ({ label, kind: 'outcome' as const })) : [];
  if (is(second, T.Replication)) return n === 3 ? kw('running', 'error') : [];
  if (is(second, T.Of)) return n === 3 ? [...env.names('txn'), ...env.names('server')] : [];
  if (is(second, T.Has, T.Lacks)) {
    const last = p[n - 1];
    if (n === 3 || (is(last, T.Dot) && n === 5)) return env.names('table');
    const { name, next } = tableAfter(p, 3);
    const rest = p.slice(next);
    if (rest.some((t) => t.tokenType === T.RParen)) return is(last, T.RParen) ? kw('count') : [];
    return is(last, T.LParen, T.Comma) ? env.columnsOf(name) : [];
  }
  if (is(second, T.Name) && n === 4) {
    const variable = findStatusVariable(second?.image ?? '');
    const words = variable?.name.endsWith('_status')
      ? ['ON', 'OFF']
      : variable?.name.endsWith('_Running')
        ? ['Yes', 'No', 'Connecting']
        : [];
    return words.map((label) => ({ label, kind: 'value' as const, detail: variable?.name }));
  }
  return [];
}
