/**
 * A small builder of checked scenarios for engine tests (the parser and checker produce the same shape from a file).
 * Statements are grouped into transactions as the checker does: BEGIN … COMMIT/ROLLBACK is one transaction (it may
 * span steps), any other data statement is an autocommit transaction of its own; ids are T1, T2, … unless named.
 */
import type {
  Action,
  ColumnConfig,
  ExpectationPlan,
  Flavor,
  LinkConfig,
  Micros,
  ResolvedCondition,
  ResolvedStatement,
  Scenario,
  ScriptStep,
  ServerAction,
  ServerConfig,
  SqlValue,
  StartSpec,
  TableConfig,
  TransactionPlan,
  TriggerPlan,
  TxnState,
} from '../src/model/scenario';
import { defaultServerConfig } from '../src/model/settings';

/** A statement before the builder gives it a line. */
export type Stmt =
  | { kind: 'insert'; table: string; rows: Record<string, SqlValue>[]; text?: string }
  | {
      kind: 'update';
      table: string;
      set: Record<string, SqlValue>;
      where: ResolvedCondition[];
      text?: string;
      inc?: { column: string; delta: number };
    }
  | { kind: 'delete'; table: string; where: ResolvedCondition[]; text?: string }
  | { kind: 'select'; table: string; where: ResolvedCondition[]; forUpdate?: boolean; count?: boolean; text?: string }
  | { kind: 'begin' }
  | { kind: 'commit' }
  | { kind: 'rollback' };

/** `insert into t values (…)` with one or more rows. */
export const insert = (table: string, ...rows: Record<string, SqlValue>[]): Stmt => ({ kind: 'insert', table, rows });
/** `update t set … where …`. */
export const update = (table: string, set: Record<string, SqlValue>, where: ResolvedCondition[]): Stmt => ({
  kind: 'update',
  table,
  set,
  where,
});
/** `delete from t where …`. */
export const del = (table: string, where: ResolvedCondition[]): Stmt => ({ kind: 'delete', table, where });
/** `select * from t where …`. */
export const select = (table: string, where: ResolvedCondition[] = [], forUpdate = false): Stmt => ({
  kind: 'select',
  table,
  where,
  forUpdate,
});
/** `col = value`. */
export const eq = (column: string, value: SqlValue): ResolvedCondition => ({ column, op: '=', values: [value] });
export const BEGIN: Stmt = { kind: 'begin' };
export const COMMIT: Stmt = { kind: 'commit' };
export const ROLLBACK: Stmt = { kind: 'rollback' };

/** Builds a Scenario step by step. */
export class ScenarioBuilder {
  private line = 0;
  private readonly servers: ServerConfig[] = [];
  private readonly links: LinkConfig[] = [];
  private readonly tables: TableConfig[] = [];
  private readonly clients: { name: string; server: string; line: number }[] = [];
  private readonly transactions: TransactionPlan[] = [];
  private readonly script: Scenario['script'] = [];
  private readonly triggers: TriggerPlan[] = [];
  private readonly open = new Map<string, TransactionPlan>();
  private counter = 0;
  private schemaInBinlog = false;

  /** `database d in binlog`: the sources' binlogs start with CREATE DATABASE and CREATE TABLE. */
  logSchema(): this {
    this.schemaInBinlog = true;
    return this;
  }

  constructor(
    private readonly flavor: Flavor,
    private readonly database = 'd',
    private readonly seed = 1,
  ) {}

  private nextLine(): number {
    return this.line++;
  }

  /** A table: columns `[name, type, length?]`, its primary key (empty for none). */
  table(name: string, columns: [string, ColumnConfig['type']['base'], number?][], primaryKey: string[] = ['id']): this {
    const cols: ColumnConfig[] = columns.map(([n, base, length]) => ({
      name: n,
      type: base === 'varchar' || base === 'char' ? { base, length: length ?? 20 } : base === 'text' ? { base } : { base },
      nullable: !primaryKey.includes(n),
    }));
    this.tables.push({ database: this.database, name, line: this.nextLine(), columns: cols, primaryKey });
    return this;
  }

  /** The usual `t (id int primary key, v varchar(20))`. */
  standardTable(name = 't'): this {
    return this.table(name, [
      ['id', 'int'],
      ['v', 'varchar', 20],
    ]);
  }

  /** A source server. */
  source(name: string, settings: Partial<ServerConfig> = {}): this {
    const config = defaultServerConfig(name, this.nextLine(), settings.flavor ?? this.flavor, this.servers.length + 1);
    Object.assign(config, settings);
    this.servers.push(config);
    return this;
  }

  /** A replica of `of`. */
  replica(name: string, of: string, settings: Partial<ServerConfig> = {}): this {
    const config = defaultServerConfig(name, this.nextLine(), settings.flavor ?? this.flavor, this.servers.length + 1);
    Object.assign(config, settings, { sourceName: of });
    this.servers.push(config);
    return this;
  }

  /** A link with its one-way latency (and jitter). */
  link(from: string, to: string, latency: Micros, jitter = 0, down = false): this {
    this.links.push({ from, to, line: this.nextLine(), latency, jitter, down });
    return this;
  }

  /** A client on a server. */
  client(name: string, server: string): this {
    this.clients.push({ name, server, line: this.nextLine() });
    return this;
  }

  /** The last server added, for tweaking. */
  server(name: string): ServerConfig {
    const s = this.servers.find((x) => x.name === name);
    if (!s) throw new Error(`no server ${name}`);
    return s;
  }

  /**
   * A client step: its statements, grouped into transactions. Returns the transaction ids it touched, in order.
   * `as` names the transaction of the step's last statement.
   */
  run(
    client: string,
    stmts: Stmt[],
    opts: { as?: string; nowait?: boolean; timing?: ScriptStep['timing']; retryOf?: string } = {},
  ): string[] {
    const line = this.nextLine();
    const action = this.clientAction(client, stmts, line, opts);
    this.script.push({ line, ...(opts.timing ? { timing: opts.timing } : {}), action });
    return [...new Set(action.statements.map((s) => s.txn))];
  }

  private clientAction(
    client: string,
    stmts: Stmt[],
    line: number,
    opts: { as?: string; nowait?: boolean; retryOf?: string },
  ): Extract<Action, { kind: 'client' }> {
    const out: { statement: ResolvedStatement; txn: string }[] = [];
    stmts.forEach((s, index) => {
      const statement = this.resolve(s, line);
      let plan = this.open.get(client);
      const last = index === stmts.length - 1;
      if (s.kind === 'begin') {
        plan = this.newPlan(client, line, false, opts.retryOf);
        this.open.set(client, plan);
      } else if (!plan) {
        plan = this.newPlan(client, line, true, opts.retryOf);
      }
      plan.statements.push(statement);
      plan.endLine = line;
      if (s.kind !== 'select' && s.kind !== 'begin' && s.kind !== 'commit' && s.kind !== 'rollback') plan.readOnly = false;
      if (s.kind === 'commit' || s.kind === 'rollback') this.open.delete(client);
      if (last && opts.as) this.rename(plan, opts.as, out);
      out.push({ statement, txn: plan.id });
    });
    return { kind: 'client', client, statements: out, nowait: opts.nowait ?? false };
  }

  private newPlan(client: string, line: number, autocommit: boolean, retryOf?: string): TransactionPlan {
    let id = `T${++this.counter}`;
    while (this.transactions.some((t) => t.id === id)) id = `T${++this.counter}`;
    const plan: TransactionPlan = {
      id,
      client,
      line,
      endLine: line,
      statements: [],
      autocommit,
      readOnly: true,
      ...(retryOf !== undefined ? { retryOf } : {}),
    };
    this.transactions.push(plan);
    return plan;
  }

  private rename(plan: TransactionPlan, id: string, out: { txn: string }[]): void {
    const old = plan.id;
    plan.id = id;
    for (const o of out) if (o.txn === old) o.txn = id;
    for (const entry of this.script) {
      if ('expect' in entry || entry.action.kind !== 'client') continue;
      for (const s of entry.action.statements) if (s.txn === old) s.txn = id;
    }
  }

  /** `retry T2` on the client's current connection: a new transaction with the same statements. */
  retry(client: string, original: string, as?: string): string {
    const plan = this.transactions.find((t) => t.id === original);
    if (!plan) throw new Error(`no transaction ${original}`);
    const stmts: Stmt[] = plan.statements.map((s) => this.unresolve(s));
    const ids = this.run(client, stmts, { as: as ?? `${original}'`, retryOf: original });
    return ids[ids.length - 1];
  }

  /** A server action step. */
  action(action: ServerAction | Extract<Action, { kind: 'wait' | 'waitCaughtUp' }>, timing?: ScriptStep['timing']): this {
    this.script.push({ line: this.nextLine(), ...(timing ? { timing } : {}), action });
    return this;
  }

  /** `stop R`, `change master R to SOURCE …`, `start R`: a replica repointed as a DBA does it. */
  repoint(replica: string, source: string, start?: StartSpec): this {
    this.action({ kind: 'threadControl', op: 'stop', server: replica, thread: 'both' });
    this.action({ kind: 'changeMaster', replica, source, ...(start ? { start } : {}) });
    return this.action({ kind: 'threadControl', op: 'start', server: replica, thread: 'both' });
  }

  /** `wait N µs`. */
  wait(micros: Micros): this {
    return this.action({ kind: 'wait', micros });
  }

  /** `wait until r caught up`. */
  caughtUp(server: string): this {
    return this.action({ kind: 'waitCaughtUp', server });
  }

  /** `at T:` for the next action (absolute). */
  at(micros: Micros): ScriptStep['timing'] {
    return { kind: 'at', micros };
  }

  /** A trigger. */
  on(subject: { txn: string } | { server: string }, state: TxnState, action: Action, by?: string): this {
    this.triggers.push({
      line: this.nextLine(),
      subject: 'txn' in subject ? { kind: 'txn', txn: subject.txn } : { kind: 'server', server: subject.server },
      state,
      ...(by !== undefined ? { by } : {}),
      action,
    });
    return this;
  }

  /** A client action for a trigger (statements grouped like a step). */
  clientTriggerAction(client: string, stmts: Stmt[], as?: string): Action {
    return this.clientAction(client, stmts, this.nextLine(), as !== undefined ? { as } : {});
  }

  /** An expectation (checked where it stands; those after the last action are checked at the end). */
  expect(plan: DistributiveOmit<ExpectationPlan, 'line' | 'atEnd'>): this {
    this.script.push({ line: this.nextLine(), expect: { ...plan, line: this.line - 1, atEnd: false } as ExpectationPlan });
    return this;
  }

  /** The scenario. */
  build(title = 'test'): Scenario {
    let lastAction = -1;
    this.script.forEach((e, i) => {
      if (!('expect' in e)) lastAction = i;
    });
    this.script.forEach((e, i) => {
      if ('expect' in e && i > lastAction) e.expect.atEnd = true;
    });
    return {
      title,
      flavor: this.flavor,
      seed: this.seed,
      database: this.database,
      schemaInBinlog: this.schemaInBinlog,
      servers: this.servers,
      links: this.links,
      tables: this.tables,
      clients: this.clients,
      transactions: this.transactions,
      script: this.script,
      triggers: this.triggers,
    };
  }

  private resolve(s: Stmt, line: number): ResolvedStatement {
    switch (s.kind) {
      case 'begin':
        return { kind: 'begin', line, text: 'BEGIN' };
      case 'commit':
        return { kind: 'commit', line, text: 'COMMIT' };
      case 'rollback':
        return { kind: 'rollback', line, text: 'ROLLBACK' };
      case 'insert': {
        const table = this.tables.find((t) => t.name === s.table)!;
        const text =
          s.text ??
          `INSERT INTO ${this.database}.${s.table} VALUES ${s.rows
            .map((r) => `(${table.columns.map((c) => sqlText(r[c.name] ?? null)).join(', ')})`)
            .join(', ')}`;
        return { kind: 'insert', line, text, table: s.table, rows: s.rows };
      }
      case 'update': {
        const set = [
          ...Object.entries(s.set).map(([column, value]) => ({ column, value })),
          ...(s.inc ? [{ column: s.inc.column, fromColumn: s.inc.column, delta: s.inc.delta }] : []),
        ];
        const text =
          s.text ??
          `UPDATE ${this.database}.${s.table} SET ${set.map((a) => ('value' in a ? `${a.column}=${sqlText(a.value)}` : `${a.column}=${a.column}+${a.delta}`)).join(', ')}${where(s.where)}`;
        return { kind: 'update', line, text, table: s.table, set, where: s.where };
      }
      case 'delete':
        return {
          kind: 'delete',
          line,
          text: s.text ?? `DELETE FROM ${this.database}.${s.table}${where(s.where)}`,
          table: s.table,
          where: s.where,
        };
      case 'select':
        return {
          kind: 'select',
          line,
          text: s.text ?? `SELECT * FROM ${this.database}.${s.table}${where(s.where)}${s.forUpdate ? ' FOR UPDATE' : ''}`,
          table: s.table,
          columns: '*',
          count: s.count ?? false,
          where: s.where,
          forUpdate: s.forUpdate ?? false,
        };
    }
  }

  private unresolve(s: ResolvedStatement): Stmt {
    switch (s.kind) {
      case 'insert':
        return { kind: 'insert', table: s.table, rows: s.rows, text: s.text };
      case 'update': {
        const set: Record<string, SqlValue> = {};
        let inc: { column: string; delta: number } | undefined;
        for (const a of s.set) {
          if ('value' in a) set[a.column] = a.value;
          else inc = { column: a.column, delta: a.delta };
        }
        return { kind: 'update', table: s.table, set, where: s.where, text: s.text, ...(inc ? { inc } : {}) };
      }
      case 'delete':
        return { kind: 'delete', table: s.table, where: s.where, text: s.text };
      case 'select':
        return { kind: 'select', table: s.table, where: s.where, forUpdate: s.forUpdate, count: s.count, text: s.text };
      case 'ddl':
        throw new Error('the scenario builder does not rebuild DDL statements');
      default:
        return { kind: s.kind };
    }
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function sqlText(v: SqlValue): string {
  return v === null ? 'NULL' : typeof v === 'string' ? `'${v}'` : String(v);
}

function where(conds: ResolvedCondition[]): string {
  if (conds.length === 0) return '';
  return ` WHERE ${conds.map((c) => `${c.column} ${c.op} ${c.values.map(sqlText).join(', ')}`).join(' AND ')}`;
}
