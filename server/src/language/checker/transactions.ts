/**
 * Groups each client's statements into transactions, in file order, as a MySQL session would: BEGIN opens one,
 * COMMIT or ROLLBACK closes it, a statement outside one commits by itself. Names them (`as NAME`, else
 * `T1`, `T2`, … for those that write, `R1`, … for reads) and records which server each one runs on.
 */
import type * as A from '../ast';
import type { ResolvedStatement, TableConfig, TransactionPlan } from '../../model/scenario';
import type { CheckContext } from './context';
import { ScriptSchema } from './ddl';
import { resolveStatement } from './schema';

export interface TransactionIndex {
  transactions: TransactionPlan[];
  /** The transaction each written statement belongs to, and its resolved form (absent when it has an error). */
  statementTxn: Map<A.SqlStatement, { txn: string; resolved?: ResolvedStatement[] }>;
  /** The server a transaction runs on: its client's server when it began (after earlier reconnects). */
  serverOf: Map<string, string>;
  /** The tables known at each item that comes after a DDL (in their shape there); absent: the declared ones. */
  tablesAt: Map<A.Item, TableConfig[]>;
}

interface Draft {
  plan: TransactionPlan;
  userName?: A.Name;
  server: string;
  /** Where the transaction was first written, for its implicit declaration. */
  firstRange: A.Range;
  /** It has an INSERT, UPDATE or DELETE (it is a `T`, even if rolled back). */
  hasWrites: boolean;
}

const isWrite = (s: ResolvedStatement) => s.kind === 'insert' || s.kind === 'update' || s.kind === 'delete' || s.kind === 'ddl';

export function groupTransactions(
  ctx: CheckContext,
  items: A.Item[],
  tables: TableConfig[],
  clientServers: Map<string, string>,
  database = 'test',
): TransactionIndex {
  const drafts: Draft[] = [];
  const statementTxn = new Map<A.SqlStatement, Draft>();
  const resolvedOf = new Map<A.SqlStatement, ResolvedStatement[]>();
  const open = new Map<string, Draft>();
  const server = new Map(clientServers);
  const retries: { statement: A.Retry; draft: Draft }[] = [];
  const schema = new ScriptSchema(database, tables);
  const tablesAt = new Map<A.Item, TableConfig[]>();

  const start = (client: string, range: A.Range, autocommit: boolean): Draft => {
    const draft: Draft = {
      plan: { id: '', client, line: range.start.line, endLine: range.start.line, statements: [], autocommit, readOnly: true },
      server: server.get(client) ?? '',
      firstRange: range,
      hasWrites: false,
    };
    drafts.push(draft);
    return draft;
  };

  for (const item of items) {
    if (schema.known() !== tables) tablesAt.set(item, schema.known());
    if (item.kind === 'step' && item.action.kind === 'reconnect') server.set(item.action.client.text, item.action.server.text);
    const step = item.kind === 'step' || item.kind === 'trigger' ? item.action : undefined;
    if (step?.kind !== 'clientStep' || !clientServers.has(step.client.text)) continue;
    const client = step.client.text;
    let last: Draft | undefined;
    for (const statement of step.statements) {
      const current = open.get(client);
      if (statement.kind === 'retry') {
        if (current) {
          ctx.error(
            'transaction-structure',
            statement.range,
            `retry inside an open transaction (begun on line ${current.plan.line + 1}): commit or roll it back first`,
          );
          continue;
        }
        const draft = start(client, statement.range, true);
        draft.plan.endLine = statement.range.start.line;
        retries.push({ statement, draft });
        statementTxn.set(statement, draft);
        last = draft;
        continue;
      }
      const resolved =
        statement.kind === 'ddl'
          ? schema.resolveDdl(ctx, statement)
          : resolveStatement(ctx, schema.tablesFor(ctx, 'table' in statement ? statement.table : undefined), statement);
      if (resolved) resolvedOf.set(statement, [resolved]);
      if (statement.kind === 'ddl') {
        // A DDL commits the open transaction first (implicit commit), then is a transaction of its own.
        if (current) {
          ctx.warning(
            'transaction-structure',
            statement.range,
            `${statement.text.split(/\s+/).slice(0, 2).join(' ').toUpperCase()} inside an open transaction (begun on line ${current.plan.line + 1}) commits that one first (implicit commit)`,
          );
          open.delete(client);
        }
        const draft = start(client, statement.range, true);
        draft.hasWrites = true;
        if (resolved) {
          draft.plan.statements.push(resolved);
          draft.plan.readOnly = false;
        }
        statementTxn.set(statement, draft);
        last = draft;
        continue;
      }
      if (statement.kind === 'begin') {
        if (current) {
          ctx.warning(
            'transaction-structure',
            statement.range,
            `BEGIN inside an open transaction (begun on line ${current.plan.line + 1}) commits that one first (implicit commit)`,
          );
          open.delete(client);
        }
        const draft = start(client, statement.range, false);
        if (resolved) draft.plan.statements.push(resolved);
        open.set(client, draft);
        statementTxn.set(statement, draft);
        last = draft;
        continue;
      }
      if (statement.kind === 'commit' || statement.kind === 'rollback') {
        if (!current) {
          ctx.warning('transaction-structure', statement.range, `${statement.kind.toUpperCase()} with no open transaction does nothing`);
          continue;
        }
        if (resolved) current.plan.statements.push(resolved);
        current.plan.endLine = statement.range.start.line;
        if (statement.kind === 'rollback') current.plan.readOnly = true;
        open.delete(client);
        statementTxn.set(statement, current);
        last = current;
        continue;
      }
      const draft = current ?? start(client, statement.range, true);
      if (statement.kind !== 'select') draft.hasWrites = true;
      if (resolved) {
        draft.plan.statements.push(resolved);
        if (isWrite(resolved)) draft.plan.readOnly = false;
      }
      draft.plan.endLine = statement.range.start.line;
      statementTxn.set(statement, draft);
      last = draft;
    }
    if (step.txnName && last) {
      if (last.userName)
        ctx.error(
          'duplicate-name',
          step.txnName.range,
          `this transaction is already named '${last.userName.text}' on line ${last.userName.range.start.line + 1}`,
        );
      else last.userName = step.txnName;
    } else if (step.txnName) {
      ctx.error('transaction-structure', step.txnName.range, 'there is no transaction here to name');
    }
  }
  for (const draft of open.values()) {
    ctx.warning(
      'transaction-structure',
      draft.firstRange,
      `this transaction is never committed: it stays open (its rows locked, invisible to others) until the end of the run`,
    );
  }

  // Names: user names first, so that automatic ones can step around them.
  for (const d of drafts) {
    if (d.userName && ctx.declare('txn', d.userName, d.firstRange, '')) d.plan.id = d.userName.text;
  }
  const taken = (id: string) => ctx.isDeclared('txn', id) || ctx.isDeclared('server', id) || ctx.isDeclared('client', id);
  let writes = 0;
  let reads = 0;
  for (const d of drafts) {
    const writesByText = d.hasWrites || retries.some((r) => r.draft === d);
    if (writesByText) writes++;
    else reads++;
    if (d.plan.id) continue;
    const prefix = writesByText ? 'T' : 'R';
    let n = writesByText ? writes : reads;
    while (taken(`${prefix}${n}`)) n++;
    d.plan.id = `${prefix}${n}`;
    ctx.declareImplicit({
      key: `txn:${d.plan.id}`,
      kind: 'txn',
      name: { text: d.plan.id, range: d.firstRange },
      range: d.firstRange,
      detail: '',
      implicit: true,
    });
  }

  // Retries copy the statements of the transaction they repeat (which may be written later in the file).
  for (const { statement, draft } of retries) {
    if (!ctx.resolve(statement.txn, ['txn'], 'transaction')) continue;
    const original = drafts.find((d) => d.plan.id === statement.txn.text);
    if (!original || original === draft) continue;
    if (original.plan.line > draft.plan.line) {
      ctx.error(
        'transaction-structure',
        statement.txn.range,
        `${statement.txn.text} starts on line ${original.plan.line + 1}, after this retry`,
      );
      continue;
    }
    draft.plan.retryOf = original.plan.id;
    draft.plan.autocommit = original.plan.autocommit;
    draft.plan.readOnly = original.plan.readOnly;
    draft.plan.statements = original.plan.statements.map((s) => ({ ...s, line: statement.range.start.line }));
    resolvedOf.set(statement, draft.plan.statements);
  }

  for (const d of drafts) {
    const decl = ctx.symbols.declarations.get(`txn:${d.plan.id}`);
    if (decl) decl.detail = describe(d);
  }
  return {
    transactions: drafts.map((d) => d.plan),
    statementTxn: new Map([...statementTxn].map(([s, d]) => [s, { txn: d.plan.id, resolved: resolvedOf.get(s) }])),
    serverOf: new Map(drafts.map((d) => [d.plan.id, d.server])),
    tablesAt,
  };
}

function describe(d: Draft): string {
  const kind = d.plan.retryOf
    ? `retry of ${d.plan.retryOf}`
    : d.plan.autocommit
      ? 'autocommit'
      : `lines ${d.plan.line + 1}–${d.plan.endLine + 1}`;
  return `transaction ${d.plan.id} of ${d.plan.client} on ${d.server} (${kind}${d.plan.readOnly ? ', read-only' : ''})`;
}
