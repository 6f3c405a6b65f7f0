/**
 * The CST visitor that turns one item's concrete syntax tree into a typed AST node. It is defensive: after
 * error recovery a CST can miss any piece, and then the visitor returns `undefined` for the node that needed it
 * (the syntax error already says what is wrong), never a node with a made-up name.
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type * as A from './ast';
import { parser } from './parser';
import { durationMicros, rateBytesPerSecond, sizeBytes, unquote } from './literals';

type Ctx = Record<string, CstElement[] | undefined>;

/** A column as written, with where an inline `primary key` stands. */
type ColumnWithKey = A.ColumnDecl & { inlinePrimaryKey?: A.Range };

const BaseVisitor = parser.getBaseCstVisitorConstructorWithDefaults();

function isToken(e: CstElement): e is IToken {
  return 'image' in e;
}

/** The real (not recovery-inserted) tokens under `key`. */
function tokens(ctx: Ctx, key: string): IToken[] {
  return (ctx[key] ?? []).filter(isToken).filter((t) => !t.isInsertedInRecovery && !Number.isNaN(t.startOffset));
}

function token(ctx: Ctx, key: string): IToken | undefined {
  return tokens(ctx, key)[0];
}

function nodes(ctx: Ctx, key: string): CstNode[] {
  return (ctx[key] ?? []).filter((e): e is CstNode => !isToken(e));
}

/** `bandwidth 10MB/s`: the rate, or a value that is not one (the checker says so). */
function bandwidth(t: IToken | undefined): Pick<A.LinkDecl, 'bandwidth'> {
  if (!t) return {};
  const rate = rateBytesPerSecond(t.image);
  return { bandwidth: { bytesPerSecond: Number.isNaN(rate) ? undefined : rate, range: tokenRange(t) } };
}

export function tokenRange(t: IToken): A.Range {
  return {
    start: { line: (t.startLine ?? 1) - 1, character: (t.startColumn ?? 1) - 1 },
    end: { line: (t.endLine ?? 1) - 1, character: t.endColumn ?? 1 },
  };
}

function nodeRange(n: CstNode): A.Range {
  const l = n.location;
  if (!l || Number.isNaN(l.startOffset)) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return {
    start: { line: (l.startLine ?? 1) - 1, character: (l.startColumn ?? 1) - 1 },
    end: { line: (l.endLine ?? 1) - 1, character: l.endColumn ?? 1 },
  };
}

function nameOf(t: IToken | undefined): A.Name | undefined {
  return t ? { text: t.image, range: tokenRange(t) } : undefined;
}

function names(ctx: Ctx, key: string): A.Name[] {
  return tokens(ctx, key).map((t) => ({ text: t.image, range: tokenRange(t) }));
}

function intOf(t: IToken | undefined): number | undefined {
  return t ? Number.parseInt(t.image, 10) : undefined;
}

/** Builds AST nodes; one instance serves every item of every file. */
class AstBuilder extends BaseVisitor {
  /** The text of the file being built, for the SQL statements' own text. */
  source = '';

  constructor() {
    super();
    this.validateVisitor();
  }

  private sub<R>(ctx: Ctx, key: string): R | undefined {
    const n = nodes(ctx, key)[0];
    return n ? (this.visit(n, n) as R | undefined) : undefined;
  }

  private subs<R>(ctx: Ctx, key: string): R[] {
    return nodes(ctx, key)
      .map((n) => this.visit(n, n) as R | undefined)
      .filter((r): r is R => r !== undefined);
  }

  private text(n: CstNode): string {
    const l = n.location;
    if (!l || Number.isNaN(l.startOffset) || l.endOffset === undefined || Number.isNaN(l.endOffset)) return '';
    return this.source.slice(l.startOffset, l.endOffset + 1);
  }

  item(ctx: Ctx): A.Item | undefined {
    for (const key of Object.keys(ctx)) {
      const built = this.sub<A.Item>(ctx, key);
      if (built) return built;
    }
    return undefined;
  }

  loop(ctx: Ctx, n?: CstNode): A.Loop | undefined {
    const word = token(ctx, 'Kw_repeat') ?? token(ctx, 'Kw_every');
    if (!word) return undefined;
    const count = token(ctx, 'count');
    const period = token(ctx, 'period');
    const spanToken = token(ctx, 'span');
    const last = count ?? spanToken ?? period ?? word;
    const body = [...nodes(ctx, 'loop'), ...nodes(ctx, 'step')]
      .sort((a, b) => (a.location?.startOffset ?? 0) - (b.location?.startOffset ?? 0))
      .map((c) => this.visit(c, c) as A.Step | A.Loop | undefined)
      .filter((s): s is A.Step | A.Loop => s !== undefined);
    const header = span(tokenRange(word), tokenRange(last));
    if (count) return { kind: 'loop', header, count: intOf(count) ?? 0, body, range: this.rangeOr(n, word) };
    if (!period || !spanToken) return undefined;
    return {
      kind: 'loop',
      header,
      periodMicros: durationMicros(period.image),
      spanMicros: durationMicros(spanToken.image),
      body,
      range: this.rangeOr(n, word),
    };
  }

  scenarioDecl(ctx: Ctx, n?: CstNode): A.ScenarioDecl | undefined {
    const s = token(ctx, 'String');
    return s && { kind: 'scenario', title: unquote(s.image), range: this.rangeOr(n, s) };
  }

  flavorDecl(ctx: Ctx): A.FlavorDecl | undefined {
    const f = nameOf(token(ctx, 'Flavor'));
    const kw = token(ctx, 'Kw_flavor');
    return f && kw && { kind: 'flavor', flavor: { ...f, text: f.text.toLowerCase() }, range: span(tokenRange(kw), f.range) };
  }

  seedDecl(ctx: Ctx): A.SeedDecl | undefined {
    const i = token(ctx, 'Int');
    const kw = token(ctx, 'Kw_seed');
    return i && kw && { kind: 'seed', seed: Number.parseInt(i.image, 10), range: span(tokenRange(kw), tokenRange(i)) };
  }

  databaseDecl(ctx: Ctx): A.DatabaseDecl | undefined {
    const name = nameOf(token(ctx, 'Name'));
    const kw = token(ctx, 'Kw_database');
    const end = token(ctx, 'Kw_binlog');
    return (
      name && kw && { kind: 'database', name, inBinlog: end !== undefined, range: span(tokenRange(kw), end ? tokenRange(end) : name.range) }
    );
  }

  serverDecl(ctx: Ctx, n?: CstNode): A.ServerDecl | undefined {
    const name = nameOf(token(ctx, 'name'));
    if (!name) return undefined;
    const isReplica = token(ctx, 'Kw_replica') !== undefined;
    const sources = this.subs<A.ChannelSource>(ctx, 'channelSource');
    const of = sources[0]?.of;
    if (isReplica && !of) return undefined;
    const named = sources.length > 1 || sources.some((c) => c.channel !== undefined);
    return {
      kind: 'server',
      role: isReplica ? 'replica' : 'source',
      name,
      of,
      ...(named ? { channels: sources } : {}),
      settings: this.sub<A.Setting[]>(ctx, 'settingsBlock') ?? [],
      range: this.rangeOr(n, token(ctx, 'name')),
    };
  }

  channelSource(ctx: Ctx): A.ChannelSource | undefined {
    const of = nameOf(token(ctx, 'of'));
    const channel = this.sub<A.Name>(ctx, 'forChannel');
    return of && { of, ...(channel ? { channel } : {}) };
  }

  forChannel(ctx: Ctx): A.Name | undefined {
    return nameOf(token(ctx, 'channel'));
  }

  exploreDecl(ctx: Ctx, n?: CstNode): A.ExploreDecl | undefined {
    const setting = nameOf(token(ctx, 'setting'));
    const values = this.subs<A.Value>(ctx, 'value');
    if (!setting || values.length === 0) return undefined;
    return { kind: 'explore', setting, values, range: this.rangeOr(n, token(ctx, 'Kw_explore')) };
  }

  settingsBlock(ctx: Ctx): A.Setting[] {
    return this.subs<A.Setting>(ctx, 'setting');
  }

  setting(ctx: Ctx, n?: CstNode): A.Setting | undefined {
    const name = nameOf(token(ctx, 'name'));
    if (!name) return undefined;
    const value = this.sub<A.Value>(ctx, 'value');
    if (token(ctx, 'Equals') && !value) return undefined;
    return { name, value, range: this.rangeOr(n, token(ctx, 'name')) };
  }

  value(ctx: Ctx): A.Value | undefined {
    const minus = token(ctx, 'Minus');
    const [t] = Object.keys(ctx)
      .filter((k) => k !== 'Minus')
      .flatMap((k) => tokens(ctx, k));
    if (!t) return undefined;
    const range = minus ? span(tokenRange(minus), tokenRange(t)) : tokenRange(t);
    const sign = minus ? -1 : 1;
    switch (t.tokenType.name) {
      case 'Duration':
        return { kind: 'duration', micros: sign * durationMicros(t.image), range };
      case 'Size':
        return { kind: 'size', bytes: sizeBytes(t.image), range };
      case 'Int':
        return { kind: 'int', value: sign * Number.parseInt(t.image, 10), range };
      case 'String':
        return { kind: 'string', text: unquote(t.image), range };
      case 'Flavor':
        return { kind: 'flavor', text: t.image.toLowerCase(), range };
      case 'Kw_unbounded':
        return { kind: 'unbounded', range };
      case 'Kw_on':
        return { kind: 'word', text: 'on', range };
      default:
        return { kind: 'word', text: t.image, range };
    }
  }

  linkDecl(ctx: Ctx, n?: CstNode): A.LinkDecl | undefined {
    const from = nameOf(token(ctx, 'from'));
    const to = nameOf(token(ctx, 'to'));
    if (!from || !to) return undefined;
    const duration = (key: string): A.Value | undefined => {
      const t = token(ctx, key);
      return t && { kind: 'duration', micros: durationMicros(t.image), range: tokenRange(t) };
    };
    return {
      kind: 'link',
      from,
      to,
      latency: duration('latency'),
      jitter: duration('jitter'),
      ...bandwidth(token(ctx, 'bandwidth')),
      down: token(ctx, 'Kw_down') !== undefined,
      range: this.rangeOr(n, token(ctx, 'from')),
    };
  }

  tableDecl(ctx: Ctx, n?: CstNode): A.TableDecl | undefined {
    const name = nameOf(token(ctx, 'Name'));
    if (!name) return undefined;
    const { columns, primaryKeys } = this.tableElements(ctx);
    return {
      kind: 'table',
      name,
      columns,
      primaryKeys,
      range: this.rangeOr(n, token(ctx, 'Name')),
    };
  }

  tableElement(ctx: Ctx): ColumnWithKey | A.PrimaryKeyDecl | undefined {
    return this.sub(ctx, 'primaryKeyConstraint') ?? this.sub(ctx, 'columnDecl');
  }

  primaryKeyConstraint(ctx: Ctx, n?: CstNode): A.PrimaryKeyDecl | undefined {
    const columns = names(ctx, 'Name');
    return columns.length > 0 ? { columns, range: this.rangeOr(n, token(ctx, 'Kw_primary')) } : undefined;
  }

  columnDecl(ctx: Ctx, n?: CstNode): ColumnWithKey | undefined {
    const name = nameOf(token(ctx, 'column'));
    const type = nameOf(token(ctx, 'type'));
    if (!name || !type) return undefined;
    const primary = token(ctx, 'Kw_primary');
    const key = token(ctx, 'Kw_key');
    return {
      name,
      type: { ...type, text: type.text.toLowerCase() },
      length: intOf(token(ctx, 'Int')),
      notNull: token(ctx, 'Kw_not') !== undefined,
      ...(token(ctx, 'Kw_auto_increment') ? { autoIncrement: tokenRange(token(ctx, 'Kw_auto_increment')!) } : {}),
      inlinePrimaryKey: primary ? span(tokenRange(primary), tokenRange(key ?? primary)) : undefined,
      range: this.rangeOr(n, token(ctx, 'column')),
    };
  }

  clientDecl(ctx: Ctx, n?: CstNode): A.ClientDecl | undefined {
    const name = nameOf(token(ctx, 'client'));
    const server = nameOf(token(ctx, 'server'));
    const settings = this.sub<A.Setting[]>(ctx, 'settingsBlock') ?? [];
    return name && server && { kind: 'client', name, server, settings, range: this.rangeOr(n, token(ctx, 'client')) };
  }

  trigger(ctx: Ctx, n?: CstNode): A.Trigger | undefined {
    const subject = nameOf(token(ctx, 'subject'));
    const state = nameOf(token(ctx, 'state'));
    const action = this.sub<A.Action>(ctx, 'action');
    if (!subject || !state || !action) return undefined;
    return { kind: 'trigger', subject, state, by: nameOf(token(ctx, 'by')), action, range: this.rangeOr(n, token(ctx, 'subject')) };
  }

  step(ctx: Ctx, n?: CstNode): A.Step | undefined {
    const action = this.sub<A.Action>(ctx, 'action');
    return action && { kind: 'step', timing: this.sub<A.Timing>(ctx, 'timing'), action, range: this.rangeOr(n, undefined, action.range) };
  }

  timing(ctx: Ctx, n?: CstNode): A.Timing | undefined {
    const d = token(ctx, 'Duration');
    if (!d) return undefined;
    return { kind: token(ctx, 'Kw_at') ? 'at' : 'after', micros: durationMicros(d.image), range: this.rangeOr(n, d) };
  }

  action(ctx: Ctx): A.Action | undefined {
    for (const key of Object.keys(ctx)) {
      const built = this.sub<A.Action>(ctx, key);
      if (built) return built;
    }
    return undefined;
  }

  clientStep(ctx: Ctx, n?: CstNode): A.ClientStep | undefined {
    const client = nameOf(token(ctx, 'client'));
    const statements = this.subs<A.SqlStatement>(ctx, 'sqlStatement');
    if (!client || statements.length === 0) return undefined;
    return {
      kind: 'clientStep',
      client,
      statements,
      txnName: nameOf(token(ctx, 'txnName')),
      nowait: token(ctx, 'Kw_nowait') !== undefined,
      range: this.rangeOr(n, token(ctx, 'client')),
    };
  }

  reconnect(ctx: Ctx, n?: CstNode): A.Reconnect | undefined {
    const client = nameOf(token(ctx, 'client'));
    const server = nameOf(token(ctx, 'server'));
    return client && server && { kind: 'reconnect', client, server, range: this.rangeOr(n, token(ctx, 'client')) };
  }

  crash(ctx: Ctx, n?: CstNode): A.Crash | undefined {
    const server = nameOf(token(ctx, 'Name'));
    return (
      server && { kind: 'crash', server, mode: token(ctx, 'Kw_host') ? 'host' : 'process', range: this.rangeOr(n, token(ctx, 'Name')) }
    );
  }

  restart(ctx: Ctx, n?: CstNode): A.Restart | undefined {
    const server = nameOf(token(ctx, 'server'));
    if (!server) return undefined;
    const asReplicaOf = nameOf(token(ctx, 'source'));
    if (token(ctx, 'Kw_as') && !asReplicaOf) return undefined;
    return {
      kind: 'restart',
      server,
      asReplicaOf,
      start: this.sub<A.StartPosition>(ctx, 'startPosition'),
      range: this.rangeOr(n, token(ctx, 'server')),
    };
  }

  shutdown(ctx: Ctx, n?: CstNode): A.Shutdown | undefined {
    const server = nameOf(token(ctx, 'Name'));
    return server && { kind: 'shutdown', server, range: this.rangeOr(n, token(ctx, 'Name')) };
  }

  promote(ctx: Ctx, n?: CstNode): A.Promote | undefined {
    const server = nameOf(token(ctx, 'Name'));
    return server && { kind: 'promote', server, range: this.rangeOr(n, token(ctx, 'Name')) };
  }

  changeMaster(ctx: Ctx, n?: CstNode): A.ChangeMaster | undefined {
    const replica = nameOf(token(ctx, 'replica'));
    const source = nameOf(token(ctx, 'source'));
    if (!replica || !source) return undefined;
    const words = [token(ctx, 'Kw_replication'), token(ctx, 'Kw_source')];
    const [first, last] = [nameOf(words[0]), nameOf(words[1])];
    return {
      kind: 'changeMaster',
      replica,
      source,
      start: this.sub<A.StartPosition>(ctx, 'startPosition'),
      options: this.subs<A.Setting>(ctx, 'setting'),
      ...(first && last ? { spelling: { text: 'replication source', range: { start: first.range.start, end: last.range.end } } } : {}),
      range: this.rangeOr(n, token(ctx, 'replica')),
    };
  }

  startPosition(ctx: Ctx, n?: CstNode): A.StartPosition | undefined {
    const range = this.rangeOr(n, token(ctx, 'Kw_from') ?? token(ctx, 'Kw_auto_position'));
    if (token(ctx, 'Kw_auto_position')) return { kind: 'autoPosition', range };
    if (token(ctx, 'Kw_start')) return { kind: 'start', range };
    if (token(ctx, 'Kw_end')) return { kind: 'end', range };
    const file = token(ctx, 'String');
    const pos = intOf(token(ctx, 'Int'));
    return file && pos !== undefined ? { kind: 'file', file: unquote(file.image), pos, range } : undefined;
  }

  threadControl(ctx: Ctx, n?: CstNode): A.ThreadControl | undefined {
    const server = nameOf(token(ctx, 'Name'));
    if (!server) return undefined;
    const threadToken = token(ctx, 'Kw_io_thread') ?? token(ctx, 'Kw_sql_thread');
    const spelling = nameOf(token(ctx, 'Kw_replica') ?? token(ctx, 'Kw_slave'));
    const thread = token(ctx, 'Kw_io_thread') ? 'io_thread' : token(ctx, 'Kw_sql_thread') ? 'sql_thread' : 'both';
    const untilKeyword = token(ctx, 'Kw_until');
    const channel = this.sub<A.Name>(ctx, 'forChannel');
    const untilFile = token(ctx, 'untilFile');
    const untilPos = intOf(token(ctx, 'untilPos'));
    const untilKind = nameOf(token(ctx, 'untilKind'));
    const untilValue = token(ctx, 'untilValue');
    const untilRange = (end: IToken): A.Range => ({ start: tokenRange(untilKeyword!).start, end: tokenRange(end).end });
    const until: A.UntilClause | undefined = !untilKeyword
      ? undefined
      : untilFile && untilPos !== undefined
        ? { kind: 'file', file: unquote(untilFile.image), pos: untilPos, range: untilRange(token(ctx, 'untilPos')!) }
        : untilKind && untilValue
          ? {
              kind: 'gtids',
              word: untilKind,
              value: unquote(untilValue.image),
              valueRange: tokenRange(untilValue),
              range: untilRange(untilValue),
            }
          : undefined;
    return {
      kind: 'threadControl',
      op: token(ctx, 'Kw_stop') ? 'stop' : 'start',
      server,
      thread,
      threadName: nameOf(threadToken),
      ...(spelling ? { spelling } : {}),
      ...(until ? { until } : {}),
      ...(channel ? { channel } : {}),
      range: this.rangeOr(n, token(ctx, 'Name')),
    };
  }

  linkControl(ctx: Ctx, n?: CstNode): A.LinkControl | undefined {
    const from = nameOf(token(ctx, 'from'));
    const to = nameOf(token(ctx, 'to'));
    if (!from || !to) return undefined;
    return { kind: 'linkControl', op: token(ctx, 'Kw_heal') ? 'heal' : 'partition', from, to, range: this.rangeOr(n, token(ctx, 'from')) };
  }

  kill(ctx: Ctx, n?: CstNode): A.Kill | undefined {
    const client = nameOf(token(ctx, 'Name'));
    return client && { kind: 'kill', client, range: this.rangeOr(n, token(ctx, 'Name')) };
  }

  resetCommand(ctx: Ctx, n?: CstNode): A.Reset | undefined {
    const server = nameOf(token(ctx, 'Name'));
    const spelling = nameOf(token(ctx, 'Kw_master') ?? token(ctx, 'Kw_slave') ?? token(ctx, 'Kw_replica'));
    if (!server || !spelling) return undefined;
    return {
      kind: 'reset',
      what: token(ctx, 'Kw_master') ? 'master' : 'slave',
      server,
      spelling,
      range: this.rangeOr(n, token(ctx, 'Name')),
    };
  }

  setGlobal(ctx: Ctx, n?: CstNode): A.SetGlobal | undefined {
    const server = nameOf(token(ctx, 'Name'));
    const settings = this.subs<A.Setting>(ctx, 'setting');
    if (!server || settings.length === 0) return undefined;
    return { kind: 'set', server, settings, range: this.rangeOr(n, token(ctx, 'Name')) };
  }

  wait(ctx: Ctx, n?: CstNode): A.Wait | A.WaitCaughtUp | undefined {
    const d = token(ctx, 'Duration');
    if (d) return { kind: 'wait', micros: durationMicros(d.image), range: this.rangeOr(n, d) };
    const server = nameOf(token(ctx, 'Name'));
    return server && { kind: 'waitCaughtUp', server, range: this.rangeOr(n, token(ctx, 'Name')) };
  }

  flushStatus(ctx: Ctx, n?: CstNode): A.FlushStatus | A.FlushBinaryLogs | undefined {
    const server = nameOf(token(ctx, 'Name'));
    const kind = token(ctx, 'Kw_binary') ? 'flushBinaryLogs' : 'flushStatus';
    return server && { kind, server, range: this.rangeOr(n, token(ctx, 'Name')) };
  }

  injectEmpty(ctx: Ctx, n?: CstNode): A.InjectEmpty | undefined {
    const server = nameOf(token(ctx, 'Name'));
    const gtid = token(ctx, 'String');
    if (!server || !gtid) return undefined;
    return {
      kind: 'injectEmpty',
      gtid: unquote(gtid.image),
      gtidRange: tokenRange(gtid),
      server,
      range: this.rangeOr(n, token(ctx, 'Kw_inject')),
    };
  }

  purgeLogs(ctx: Ctx, n?: CstNode): A.PurgeLogs | undefined {
    const server = nameOf(token(ctx, 'Name'));
    const file = token(ctx, 'String');
    const before = token(ctx, 'Duration');
    if (!server || (!file && !before)) return undefined;
    return {
      kind: 'purgeLogs',
      server,
      ...(file ? { to: { file: unquote(file.image), range: tokenRange(file) } } : {}),
      ...(before ? { beforeMicros: durationMicros(before.image) } : {}),
      range: this.rangeOr(n, token(ctx, 'Name')),
    };
  }

  // ------------------------------------------------------------ SQL

  sqlStatement(ctx: Ctx, n?: CstNode): A.SqlStatement | undefined {
    if (!n) return undefined;
    const base = { range: nodeRange(n), text: this.text(n) };
    if (token(ctx, 'Kw_begin') || token(ctx, 'Kw_transaction')) return { kind: 'begin', ...base };
    if (token(ctx, 'Kw_commit')) return { kind: 'commit', ...base };
    if (token(ctx, 'Kw_rollback')) return { kind: 'rollback', ...base };
    if (token(ctx, 'Kw_retry')) {
      const txn = nameOf(token(ctx, 'retried'));
      return txn && { kind: 'retry', txn, ...base };
    }
    for (const key of ['insert', 'update', 'deleteStmt', 'select', 'ddl']) {
      const built = this.sub<A.SqlStatement>(ctx, key);
      if (built) return { ...built, ...base };
    }
    return undefined;
  }

  insert(ctx: Ctx, n?: CstNode): A.Insert | undefined {
    const table = this.sub<A.TableRef>(ctx, 'tableRef');
    const rows = this.subs<A.Literal[]>(ctx, 'tuple');
    if (!table || rows.length === 0) return undefined;
    const hasColumns = token(ctx, 'LParen') !== undefined;
    const mode = token(ctx, 'Kw_replace') ? 'replace' : token(ctx, 'Kw_ignore') ? 'ignore' : 'insert';
    const onDuplicate = token(ctx, 'Kw_duplicate') ? this.subs<A.Assignment>(ctx, 'assignment') : undefined;
    if (onDuplicate?.length === 0) return undefined;
    return {
      kind: 'insert',
      mode,
      table,
      columns: hasColumns ? names(ctx, 'Name') : undefined,
      rows,
      ...(onDuplicate ? { onDuplicate } : {}),
      text: '',
      range: this.rangeOr(n),
    };
  }

  ddl(ctx: Ctx, n?: CstNode): A.Ddl | undefined {
    const table = this.sub<A.TableRef>(ctx, 'tableRef');
    if (!table) return undefined;
    const base = { kind: 'ddl' as const, table, text: '', range: this.rangeOr(n) };
    if (token(ctx, 'Kw_create') && token(ctx, 'Kw_index')) {
      const index = nameOf(token(ctx, 'index'));
      const columns = names(ctx, 'indexColumn');
      return index && columns.length > 0 ? { ...base, op: { kind: 'createIndex', index, columns } } : undefined;
    }
    if (token(ctx, 'Kw_create')) {
      const created = this.tableElements(ctx);
      return created.columns.length > 0 ? { ...base, op: { kind: 'createTable', ...created } } : undefined;
    }
    if (token(ctx, 'Kw_truncate')) return { ...base, op: { kind: 'truncate' } };
    if (token(ctx, 'Kw_add')) {
      const column = this.sub<ColumnWithKey>(ctx, 'columnDecl');
      if (!column) return undefined;
      const { inlinePrimaryKey, ...decl } = column;
      return { ...base, op: { kind: 'addColumn', column: decl, ...(inlinePrimaryKey ? { primaryKey: inlinePrimaryKey } : {}) } };
    }
    if (token(ctx, 'Kw_alter')) {
      const column = nameOf(token(ctx, 'dropped'));
      return column && { ...base, op: { kind: 'dropColumn', column } };
    }
    if (token(ctx, 'Kw_drop')) return { ...base, op: { kind: 'dropTable' } };
    return undefined;
  }

  /** The columns and primary keys of `table t (…)` or `create table t (…)`; an inline `primary key` is one of its own. */
  private tableElements(ctx: Ctx): { columns: A.ColumnDecl[]; primaryKeys: A.PrimaryKeyDecl[] } {
    const elements = this.subs<ColumnWithKey | A.PrimaryKeyDecl>(ctx, 'tableElement');
    const columns = elements.filter((e): e is ColumnWithKey => 'type' in e);
    const primaryKeys = elements.filter((e): e is A.PrimaryKeyDecl => !('type' in e));
    for (const c of columns) {
      if (c.inlinePrimaryKey) primaryKeys.push({ columns: [c.name], range: c.inlinePrimaryKey });
    }
    primaryKeys.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    return { columns: columns.map(({ inlinePrimaryKey: _, ...c }) => c), primaryKeys };
  }

  tuple(ctx: Ctx): A.Literal[] {
    return this.subs<A.Literal>(ctx, 'literal');
  }

  update(ctx: Ctx, n?: CstNode): A.Update | undefined {
    const table = this.sub<A.TableRef>(ctx, 'tableRef');
    const assignments = this.subs<A.Assignment>(ctx, 'assignment');
    if (!table || assignments.length === 0) return undefined;
    return { kind: 'update', table, assignments, where: this.sub<A.Condition[]>(ctx, 'where') ?? [], text: '', range: this.rangeOr(n) };
  }

  assignment(ctx: Ctx, n?: CstNode): A.Assignment | undefined {
    const column = nameOf(token(ctx, 'column'));
    if (!column) return undefined;
    const literal = this.sub<A.Literal>(ctx, 'literal');
    const from = nameOf(token(ctx, 'from'));
    const range = this.rangeOr(n, token(ctx, 'column'));
    if (literal) return { column, value: { kind: 'literal', literal, range: literal.range }, range };
    if (!from) return undefined;
    const amount = intOf(token(ctx, 'Int')) ?? 0;
    const delta = token(ctx, 'Minus') ? -amount : amount;
    return { column, value: { kind: 'column', column: from, delta, range: span(from.range, range) }, range };
  }

  deleteStmt(ctx: Ctx, n?: CstNode): A.Delete | undefined {
    const table = this.sub<A.TableRef>(ctx, 'tableRef');
    return table && { kind: 'delete', table, where: this.sub<A.Condition[]>(ctx, 'where') ?? [], text: '', range: this.rangeOr(n) };
  }

  select(ctx: Ctx, n?: CstNode): A.Select | undefined {
    const table = this.sub<A.TableRef>(ctx, 'tableRef');
    if (!table) return undefined;
    const count = token(ctx, 'Kw_count') !== undefined;
    const columns = names(ctx, 'Name');
    return {
      kind: 'select',
      table,
      columns: columns.length > 0 ? columns : undefined,
      count,
      where: this.sub<A.Condition[]>(ctx, 'where') ?? [],
      forUpdate: token(ctx, 'Kw_for') !== undefined,
      text: '',
      range: this.rangeOr(n),
    };
  }

  where(ctx: Ctx): A.Condition[] {
    return this.subs<A.Condition>(ctx, 'condition');
  }

  condition(ctx: Ctx, n?: CstNode): A.Condition | undefined {
    const column = nameOf(token(ctx, 'Name'));
    if (!column) return undefined;
    const values = this.subs<A.Literal>(ctx, 'literal');
    if (values.length === 0) return undefined;
    const op = token(ctx, 'Kw_in') ? 'in' : this.sub<A.Condition['op']>(ctx, 'comparison');
    return op && { column, op, values, range: this.rangeOr(n, token(ctx, 'Name')) };
  }

  comparison(ctx: Ctx): A.Condition['op'] | undefined {
    const [t] = Object.keys(ctx).flatMap((k) => tokens(ctx, k));
    if (!t) return undefined;
    return t.image === '<>' ? '!=' : (t.image as A.Condition['op']);
  }

  tableRef(ctx: Ctx, n?: CstNode): A.TableRef | undefined {
    const parts = names(ctx, 'Name');
    if (parts.length === 0) return undefined;
    const range = this.rangeOr(n, token(ctx, 'Name'));
    return parts.length === 2 ? { database: parts[0], table: parts[1], range } : { table: parts[0], range };
  }

  literal(ctx: Ctx, n?: CstNode): A.Literal | undefined {
    const range = this.rangeOr(n);
    const sign = token(ctx, 'Minus') ? -1 : 1;
    const int = token(ctx, 'Int');
    if (int) return { kind: 'int', value: sign * Number.parseInt(int.image, 10), range };
    const num = token(ctx, 'Number');
    if (num) return { kind: 'decimal', value: sign * Number.parseFloat(num.image), range };
    const str = token(ctx, 'String');
    if (str) return { kind: 'string', value: unquote(str.image), range };
    if (token(ctx, 'Kw_null')) return { kind: 'null', range };
    if (token(ctx, 'Counter')) return { kind: 'counter', range };
    if (token(ctx, 'Kw_now')) return { kind: 'now', range };
    return undefined;
  }

  // ------------------------------------------------------------ expectations

  expectation(ctx: Ctx, n?: CstNode): A.Expectation | undefined {
    const subject = nameOf(token(ctx, 'subject'));
    const range = this.rangeOr(n, token(ctx, 'Kw_expect'));
    if (token(ctx, 'Kw_outcome')) {
      const outcome = nameOf(token(ctx, 'outcome'));
      if (!subject || !outcome) return undefined;
      return {
        kind: 'expectOutcome',
        txn: subject,
        outcome: { ...outcome, text: outcome.text.toLowerCase() },
        code: intOf(token(ctx, 'Int')),
        range,
      };
    }
    if (token(ctx, 'Kw_has') || token(ctx, 'Kw_lacks')) {
      const table = this.sub<A.TableRef>(ctx, 'tableRef');
      const match = this.subs<{ column: A.Name; value: A.Literal }>(ctx, 'rowMatch');
      if (!subject || !table || match.length === 0) return undefined;
      const ints = tokens(ctx, 'Int');
      return {
        kind: 'expectRows',
        server: subject,
        present: token(ctx, 'Kw_has') !== undefined,
        table,
        match,
        count: token(ctx, 'Kw_count') ? intOf(ints[ints.length - 1]) : undefined,
        range,
      };
    }
    if (token(ctx, 'Kw_replication')) {
      if (!subject) return undefined;
      const errno = intOf(token(ctx, 'Int'));
      if (token(ctx, 'Kw_error') && errno === undefined) return undefined;
      return { kind: 'expectReplication', server: subject, errno, range };
    }
    const variable = nameOf(token(ctx, 'variable'));
    if (variable) {
      const op = this.sub<A.ExpectStatus['op'] | 'in'>(ctx, 'comparison');
      const value = this.sub<A.Value>(ctx, 'value');
      if (!subject || !op || op === 'in' || !value) return undefined;
      const channel = this.sub<A.Name>(ctx, 'forChannel');
      return { kind: 'expectStatus', server: subject, ...(channel ? { channel } : {}), variable, op, value, range };
    }
    const verdict = nameOf(token(ctx, 'verdict'));
    return (
      verdict && {
        kind: 'expectVerdict',
        negated: token(ctx, 'Kw_no') !== undefined,
        always: token(ctx, 'Kw_always') !== undefined,
        verdict,
        subject: nameOf(token(ctx, 'of')),
        range,
      }
    );
  }

  rowMatch(ctx: Ctx): { column: A.Name; value: A.Literal } | undefined {
    const column = nameOf(token(ctx, 'Name'));
    const value = this.sub<A.Literal>(ctx, 'literal');
    return column && value && { column, value };
  }

  /** The node's own range, or a token's, or a fallback. */
  private rangeOr(n?: CstNode, t?: IToken, fallback?: A.Range): A.Range {
    if (n?.location && !Number.isNaN(n.location.startOffset)) return nodeRange(n);
    if (t) return tokenRange(t);
    return fallback ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  }
}

/** The smallest range covering both. */
export function span(a: A.Range, b: A.Range): A.Range {
  const before = (p: A.Position, q: A.Position) => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return { start: before(a.start, b.start) ? a.start : b.start, end: before(a.end, b.end) ? b.end : a.end };
}

const builder = new AstBuilder();

/** Builds the AST node of one parsed item; `source` is the whole file's text. */
export function buildItem(cst: CstNode, source: string): A.Item | undefined {
  builder.source = source;
  return builder.visit(cst, cst) as A.Item | undefined;
}
