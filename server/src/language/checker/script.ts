/**
 * Checks and resolves the script: steps, triggers and expectations, in file order.
 */
import type * as A from '../ast';
import type {
  MasterUseGtid,
  Action,
  ClientAction,
  Flavor,
  ExpectationPlan,
  Scenario,
  ScriptStep,
  ServerConfig,
  StartSpec,
  TableConfig,
  TriggerPlan,
  UntilSpec,
  VerdictKind,
} from '../../model/scenario';
import { parseMariadbGtidList, parseMysqlGtidSet } from '../../engine/gtid';
import { skipCounterInGtidMode } from '../../engine/messages';
import { VERDICT_KINDS } from '../../model/scenario';
import { findSetting, STARTUP_ONLY_SETTINGS } from '../../model/settings';
import { findState, TXN_STATES } from '../../model/states';
import { findStatusVariable, flavorSpelling, STATUS_VARIABLES } from '../../model/status-variables';
import type { CheckContext } from './context';
import { closest } from './closest';
import { controlledChannels, expectedChannel } from './channels';
import { resolveInjectEmpty } from './empty-transaction';
import { checkReplicaStarted } from './replica-start';
import { resolveRowMatch } from './schema';
import { unknownChangeSourceSpelling, unknownSpelling, type SpelledStatement } from './statement-spelling';
import { applySettings } from './topology';
import type { TransactionIndex } from './transactions';

const OUTCOMES = ['ok', 'error', 'lost_connection', 'pending'] as const;
/** Replica options that CHANGE MASTER (or, for MariaDB's master_retry_count, the command line) sets: not global variables. */
const CONNECTION_OPTIONS = new Set(['master_heartbeat_period', 'master_connect_retry', 'master_retry_count']);

export interface ScriptInput {
  items: A.Item[];
  servers: ServerConfig[];
  tables: TableConfig[];
  index: TransactionIndex;
}

export function checkScript(ctx: CheckContext, input: ScriptInput): Pick<Scenario, 'script' | 'triggers'> {
  const { items } = input;
  const script: Scenario['script'] = [];
  const triggers: TriggerPlan[] = [];
  const lastAction = items.reduce((last, item, i) => (item.kind === 'step' ? i : last), -1);
  items.forEach((item, i) => {
    if (item.kind === 'step') {
      const action = resolveAction(ctx, input, item.action);
      if (!action) return;
      const step: ScriptStep = { line: item.range.start.line, action };
      if (item.timing)
        step.timing =
          item.timing.kind === 'tick'
            ? { kind: 'tick', micros: item.timing.micros, loop: item.timing.loop ?? 0 }
            : { kind: item.timing.kind, micros: item.timing.micros };
      script.push(step);
    } else if (item.kind === 'trigger') {
      const trigger = resolveTrigger(ctx, input, item);
      if (trigger) triggers.push(trigger);
    } else if (isExpectation(item) && !(item.kind === 'expectVerdict' && item.always)) {
      const expect = resolveExpectation(ctx, input, item, i > lastAction);
      if (expect) script.push({ line: item.range.start.line, expect });
    }
  });
  checkReplicaStarted(ctx, items);
  return { script, triggers };
}

function isExpectation(item: A.Item): item is A.Expectation {
  return item.kind.startsWith('expect');
}

function server(ctx: CheckContext, name: A.Name): string | undefined {
  return ctx.resolve(name, ['server'], 'server') ? name.text : undefined;
}

/**
 * Whether the engine models this operation on the server it names: a multi-source replica's threads start and stop per
 * channel, but a crash, restart, shutdown, promotion, CHANGE MASTER or RESET SLAVE of one is not modelled yet.
 */
function channelOperationModelled(ctx: CheckContext, input: ScriptInput, a: A.Action): boolean {
  const target =
    a.kind === 'crash' ||
    a.kind === 'restart' ||
    a.kind === 'shutdown' ||
    a.kind === 'promote' ||
    (a.kind === 'reset' && a.what !== 'master')
      ? a.server
      : a.kind === 'changeMaster'
        ? a.replica
        : undefined;
  if (!target || !input.servers.find((x) => x.name === target.text)?.channels) return true;
  const what = a.kind === 'changeMaster' ? 'change master' : a.kind === 'reset' ? 'reset slave' : a.kind;
  ctx.error(
    'bad-value',
    target.range,
    `${target.text} replicates through several channels: ${what} of a multi-source replica is not modelled yet`,
  );
  return false;
}

function client(ctx: CheckContext, name: A.Name): string | undefined {
  return ctx.resolve(name, ['client'], 'client') ? name.text : undefined;
}

/** A warning with a quick fix on `slave` / `replica` where the server's flavor does not take that word. */
function checkSpelling(ctx: CheckContext, flavor: Flavor | undefined, statement: SpelledStatement, word: A.Name): void {
  const wrong = unknownSpelling(flavor, statement, word.text);
  if (wrong) ctx.report('flavor-spelling', 'warning', word.range, wrong.message, wrong.suggestion);
}

function startSpec(s: A.StartPosition | undefined): StartSpec | undefined {
  if (!s) return undefined;
  return s.kind === 'file' ? { kind: 'file', file: s.file, pos: s.pos } : { kind: s.kind };
}

function resolveAction(ctx: CheckContext, input: ScriptInput, a: A.Action): Action | undefined {
  if (!channelOperationModelled(ctx, input, a)) return undefined;
  switch (a.kind) {
    case 'clientStep': {
      const name = client(ctx, a.client);
      if (!name) return undefined;
      const statements: ClientAction['statements'] = [];
      let complete = true;
      for (const s of a.statements) {
        const entry = input.index.statementTxn.get(s);
        if (!entry) continue; // a stray COMMIT, already reported
        if (!entry.resolved) {
          complete = false;
          continue;
        }
        for (const statement of entry.resolved) statements.push({ statement, txn: entry.txn });
      }
      if (!complete || statements.length === 0) return undefined;
      return { kind: 'client', client: name, statements, nowait: a.nowait };
    }
    case 'reconnect': {
      const c = client(ctx, a.client);
      const s = server(ctx, a.server);
      return c && s ? { kind: 'reconnect', client: c, server: s } : undefined;
    }
    case 'kill': {
      const c = client(ctx, a.client);
      return c ? { kind: 'kill', client: c } : undefined;
    }
    case 'injectEmpty': {
      const s = server(ctx, a.server);
      return s
        ? resolveInjectEmpty(
            ctx,
            a,
            s,
            input.servers.find((x) => x.name === s),
          )
        : undefined;
    }
    case 'purgeLogs': {
      const s = server(ctx, a.server);
      if (!s) return undefined;
      if (a.to && !/^[^./\\]+\.\d{6}$/.test(a.to.file))
        ctx.error(
          'bad-value',
          a.to.range,
          `'${a.to.file}' is not a binlog file name: write it as SHOW BINARY LOGS prints it ('mysql-bin.000002')`,
        );
      return {
        kind: 'purgeLogs',
        server: s,
        ...(a.to ? { to: a.to.file } : {}),
        ...(a.beforeMicros !== undefined ? { before: a.beforeMicros } : {}),
      };
    }
    case 'crash':
    case 'shutdown':
    case 'promote':
    case 'flushBinaryLogs':
    case 'flushStatus': {
      const s = server(ctx, a.server);
      if (!s) return undefined;
      return a.kind === 'crash' ? { kind: 'crash', server: s, mode: a.mode } : { kind: a.kind, server: s };
    }
    case 'restart': {
      const s = server(ctx, a.server);
      const of = a.asReplicaOf && server(ctx, a.asReplicaOf);
      if (!s || (a.asReplicaOf && !of)) return undefined;
      if (a.asReplicaOf && a.asReplicaOf.text === a.server.text) {
        ctx.error('self-replication', a.asReplicaOf.range, `${s} cannot be a replica of itself`);
        return undefined;
      }
      return { kind: 'restart', server: s, ...(of ? { asReplicaOf: of } : {}), ...(a.start ? { start: startSpec(a.start) } : {}) };
    }
    case 'changeMaster': {
      const r = server(ctx, a.replica);
      const s = server(ctx, a.source);
      if (!r || !s) return undefined;
      if (r === s) {
        ctx.error('self-replication', a.source.range, `${r} cannot be a replica of itself`);
        return undefined;
      }
      const config = input.servers.find((x) => x.name === r);
      const wrong = a.spelling && unknownChangeSourceSpelling(config?.flavor);
      if (a.spelling && wrong) ctx.report('flavor-spelling', 'warning', a.spelling.range, wrong.message, wrong.suggestion);
      const options = changeMasterOptions(ctx, a, config);
      return {
        kind: 'changeMaster',
        replica: r,
        source: s,
        ...(a.start ? { start: startSpec(a.start) } : {}),
        ...options,
      };
    }
    case 'threadControl': {
      const s = server(ctx, a.server);
      if (!s) return undefined;
      if (a.spelling) checkSpelling(ctx, input.servers.find((x) => x.name === s)?.flavor, a.op === 'start' ? 'START' : 'STOP', a.spelling);
      const until =
        a.until &&
        untilSpec(
          ctx,
          a,
          input.servers.find((x) => x.name === s),
        );
      const channels = controlledChannels(
        ctx,
        a,
        input.servers.find((x) => x.name === s),
      );
      if (channels?.length === 0) return undefined;
      return {
        kind: 'threadControl',
        op: a.op,
        server: s,
        thread: a.thread,
        ...(until ? { until } : {}),
        ...(channels ? { channels } : {}),
      };
    }
    case 'linkControl': {
      const from = server(ctx, a.from);
      const to = server(ctx, a.to);
      if (!from || !to) return undefined;
      if (from === to) {
        ctx.error('self-replication', a.to.range, 'a link joins two different servers');
        return undefined;
      }
      return { kind: 'linkControl', op: a.op, from, to };
    }
    case 'reset': {
      const s = server(ctx, a.server);
      if (s && a.what === 'slave') checkSpelling(ctx, input.servers.find((x) => x.name === s)?.flavor, 'RESET', a.spelling);
      return s ? { kind: 'reset', what: a.what, server: s } : undefined;
    }
    case 'set': {
      const s = server(ctx, a.server);
      const config = input.servers.find((x) => x.name === s);
      if (!s || !config) return undefined;
      for (const setting of a.settings) {
        const spec = findSetting(setting.name.text);
        if (spec?.name === 'master_delay' || spec?.name === 'master_use_gtid')
          ctx.error(
            'bad-value',
            setting.name.range,
            `${spec.name.toUpperCase()} is not a global variable: write \`change master REPLICA to SOURCE … ${spec.name}=…\``,
          );
        else if (spec && CONNECTION_OPTIONS.has(spec.name))
          ctx.error(
            'bad-value',
            setting.name.range,
            `${spec.name.toUpperCase()} is not a global variable (CHANGE MASTER TO sets it${spec.name === 'master_retry_count' ? '; MariaDB: a startup option' : ''}): declare it on the replica, \`replica ${config.name} of … { ${spec.name}=… }\``,
          );
        else if (spec && STARTUP_ONLY_SETTINGS.has(spec.name))
          ctx.error('bad-value', setting.name.range, `${spec.mysqlName} cannot be changed while the server runs`);
        else if (
          spec?.name === 'sql_slave_skip_counter' &&
          config.gtidMode &&
          config.flavor !== 'mariadb-10.11' &&
          config.flavor !== 'mysql-5.5'
        )
          ctx.warning(
            'doubtful-setting',
            setting.name.range,
            `${config.name} runs with GTID_MODE=ON: MySQL refuses this (${skipCounterInGtidMode(config.flavor)}); inject an empty transaction for the GTID instead`,
          );
      }
      const changes = applySettings(
        ctx,
        { ...config },
        a.settings.filter(
          (x) =>
            !STARTUP_ONLY_SETTINGS.has(findSetting(x.name.text)?.name ?? '') &&
            !CONNECTION_OPTIONS.has(findSetting(x.name.text)?.name ?? '') &&
            !['master_delay', 'master_use_gtid'].includes(findSetting(x.name.text)?.name ?? ''),
        ),
      );
      return { kind: 'set', server: s, changes };
    }
    case 'wait':
      return { kind: 'wait', micros: a.micros };
    case 'waitCaughtUp': {
      const s = server(ctx, a.server);
      return s ? { kind: 'waitCaughtUp', server: s } : undefined;
    }
  }
}

/** START SLAVE … UNTIL, checked against the replica's flavor: the SQL thread's stop condition. */
function untilSpec(ctx: CheckContext, a: A.ThreadControl, config: ServerConfig | undefined): UntilSpec | undefined {
  const u = a.until;
  if (!u) return undefined;
  if (a.op === 'stop') {
    ctx.error('bad-value', u.range, 'UNTIL belongs to START SLAVE: `start SERVER until …`');
    return undefined;
  }
  if (a.thread === 'io_thread') {
    ctx.error('bad-value', u.range, 'UNTIL stops the SQL thread: write `start SERVER until …` or `start SERVER sql_thread until …`');
    return undefined;
  }
  if (u.kind === 'file') {
    if (!/^[^./\\]+\.\d{6}$/.test(u.file)) {
      ctx.error('bad-value', u.range, `'${u.file}' is not a binlog file name: write it as SHOW BINARY LOGS prints it ('mysql-bin.000002')`);
      return undefined;
    }
    return { kind: 'file', file: u.file, pos: u.pos };
  }
  const word = u.word.text.toLowerCase();
  const mariadb = config?.flavor === 'mariadb-10.11';
  if (word === 'master_gtid_pos') {
    if (config && !mariadb) {
      ctx.error('impossible-state', u.word.range, "master_gtid_pos is MariaDB's UNTIL; MySQL has sql_before_gtids and sql_after_gtids");
      return undefined;
    }
    if (!parseMariadbGtidList(u.value)) {
      ctx.error(
        'bad-value',
        u.valueRange,
        `'${u.value}' is not a MariaDB GTID position: domain-server-seq, one per domain ('0-1-5,1-2-9')`,
      );
      return undefined;
    }
    return { kind: 'gtidPos', pos: u.value };
  }
  if (word === 'sql_before_gtids' || word === 'sql_after_gtids') {
    if (mariadb || config?.flavor === 'mysql-5.5') {
      ctx.error(
        'impossible-state',
        u.word.range,
        mariadb ? "MariaDB has no SQL_BEFORE_GTIDS/SQL_AFTER_GTIDS: write `until master_gtid_pos 'D-S-N'`" : 'mysql-5.5 has no GTIDs',
      );
      return undefined;
    }
    if (!parseMysqlGtidSet(u.value)) {
      ctx.error('bad-value', u.valueRange, `'${u.value}' is not a GTID set: uuid:1-5, uuid:7 …`);
      return undefined;
    }
    if (config && !config.gtidMode)
      ctx.warning('doubtful-setting', u.word.range, `${config.name} runs with GTID_MODE=OFF: no transaction has a GTID to stop at`);
    return { kind: word === 'sql_before_gtids' ? 'before' : 'after', gtids: u.value };
  }
  const suggestion = closest(word, ['sql_before_gtids', 'sql_after_gtids', 'master_gtid_pos']);
  ctx.error(
    'bad-value',
    u.word.range,
    `unknown UNTIL condition '${u.word.text}'${suggestion ? `; did you mean '${suggestion}'?` : ''}: binlog 'FILE':POS, sql_before_gtids, sql_after_gtids or master_gtid_pos`,
    suggestion,
  );
  return undefined;
}

function resolveTrigger(ctx: CheckContext, input: ScriptInput, t: A.Trigger): TriggerPlan | undefined {
  const kind = ctx.resolve(t.subject, ['txn', 'server'], 'transaction or server');
  const spec = findState(t.state.text);
  if (!spec) {
    const suggestion = closest(
      t.state.text,
      TXN_STATES.map((s) => s.name),
    );
    ctx.error(
      'unknown-state',
      t.state.range,
      `unknown state '${t.state.text}'${suggestion ? `; did you mean '${suggestion}'?` : `: expected one of ${TXN_STATES.map((s) => s.name).join(', ')}`}`,
      suggestion,
    );
  }
  let by: string | undefined;
  if (t.by) {
    if (spec && !spec.onReplica)
      ctx.error(
        'impossible-state',
        t.by.range,
        `${spec.name} happens on the source: \`by\` names a replica only for sent, relay_logged and applied`,
      );
    else by = server(ctx, t.by);
  }
  const action = resolveAction(ctx, input, t.action);
  if (!kind || !spec || !action) return undefined;
  const serverName = kind === 'txn' ? input.index.serverOf.get(t.subject.text) : t.subject.text;
  const txn = kind === 'txn' ? input.index.transactions.find((x) => x.id === t.subject.text) : undefined;
  if (txn?.readOnly && spec.name !== 'active' && spec.name !== 'client_ok') {
    ctx.error(
      'impossible-state',
      t.state.range,
      `${txn.id} writes nothing to the binlog (read-only or rolled back), so it never reaches ${spec.name}`,
    );
    return undefined;
  }
  const config = input.servers.find((s) => s.name === serverName);
  if (config && !checkStatePossible(ctx, t, spec.name, config)) return undefined;
  return {
    line: t.range.start.line,
    subject: kind === 'txn' ? { kind: 'txn', txn: t.subject.text } : { kind: 'server', server: t.subject.text },
    state: spec.name,
    ...(by ? { by } : {}),
    action,
  };
}

/** A state the server's settings rule out: a wait point it does not use, an ACK with semi-sync off. */
function checkStatePossible(ctx: CheckContext, t: A.Trigger, state: string, config: ServerConfig): boolean {
  const who = t.subject.text === config.name ? `transactions on ${config.name}` : `${t.subject.text} runs on ${config.name}, which`;
  const waits = state === 'after_sync_wait' || state === 'after_commit_wait' || state === 'acked';
  if (waits && !config.semisyncMaster) {
    ctx.error('impossible-state', t.state.range, `${who} has semi-sync off: no commit waits for an ACK, so ${state} never happens`);
    return false;
  }
  if (state === 'after_sync_wait' && config.waitPoint !== 'after_sync') {
    ctx.error(
      'impossible-state',
      t.state.range,
      `${config.name} waits AFTER_COMMIT (wait_point=after_commit${config.flavor === 'mysql-5.5' ? ', the only one mysql-5.5 has' : ''}): use after_commit_wait`,
      'after_commit_wait',
    );
    return false;
  }
  if (state === 'after_commit_wait' && config.waitPoint !== 'after_commit') {
    ctx.error(
      'impossible-state',
      t.state.range,
      `${config.name} waits AFTER_SYNC (wait_point=after_sync): use after_sync_wait`,
      'after_sync_wait',
    );
    return false;
  }
  return true;
}

function resolveExpectation(ctx: CheckContext, input: ScriptInput, e: A.Expectation, atEnd: boolean): ExpectationPlan | undefined {
  const base = { line: e.range.start.line, atEnd };
  switch (e.kind) {
    case 'expectOutcome': {
      const txn = ctx.resolve(e.txn, ['txn'], 'transaction');
      const outcome = (OUTCOMES as readonly string[]).includes(e.outcome.text) ? (e.outcome.text as (typeof OUTCOMES)[number]) : undefined;
      if (!outcome) {
        const suggestion = closest(e.outcome.text, OUTCOMES);
        ctx.error('bad-value', e.outcome.range, `unknown outcome '${e.outcome.text}': expected one of ${OUTCOMES.join(', ')}`, suggestion);
      }
      if (e.code !== undefined && outcome !== 'error') ctx.error('bad-value', e.outcome.range, 'only an error outcome has a code');
      if (!txn || !outcome) return undefined;
      return { ...base, kind: 'outcome', txn: e.txn.text, outcome, ...(e.code !== undefined ? { code: e.code } : {}) };
    }
    case 'expectRows': {
      const s = server(ctx, e.server);
      const rows = resolveRowMatch(ctx, input.index.tablesAt.get(e) ?? input.tables, e.table, e.match);
      if (!s || !rows) return undefined;
      if (!e.present && e.count !== undefined) ctx.error('bad-value', e.range, '`lacks` takes no count');
      return {
        ...base,
        kind: 'rows',
        server: s,
        present: e.present,
        table: rows.table,
        match: rows.match,
        ...(e.count !== undefined ? { count: e.count } : {}),
      };
    }
    case 'expectReplication': {
      const s = server(ctx, e.server);
      return s ? { ...base, kind: 'replication', server: s, ...(e.errno !== undefined ? { errno: e.errno } : {}) } : undefined;
    }
    case 'expectStatus': {
      const s = server(ctx, e.server);
      const spec = findStatusVariable(e.variable.text);
      if (!spec) {
        const suggestion = closest(
          e.variable.text,
          STATUS_VARIABLES.map((v) => v.name),
        );
        ctx.error(
          'unknown-variable',
          e.variable.range,
          `unknown status variable '${e.variable.text}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
          suggestion,
        );
        return undefined;
      }
      const value =
        e.value.kind === 'int' ? e.value.value : e.value.kind === 'word' || e.value.kind === 'string' ? e.value.text : undefined;
      // A number that SHOW SLAVE STATUS can print as NULL (Seconds_Behind_Master while a thread is stopped).
      const nullNumber = spec.type === 'number' && e.value.kind === 'word' && e.value.text.toUpperCase() === 'NULL';
      if (nullNumber && e.op !== '=' && e.op !== '!=') {
        ctx.error('type-mismatch', e.range, `NULL is compared with = or !=`);
        return undefined;
      }
      if (value === undefined || (!nullNumber && (spec.type === 'number') !== (typeof value === 'number'))) {
        ctx.error('type-mismatch', e.value.range, `${spec.name} is ${spec.type === 'number' ? 'a number' : 'a word or a quoted string'}`);
        return undefined;
      }
      if (spec.type === 'string' && e.op !== '=' && e.op !== '!=') {
        ctx.error('type-mismatch', e.range, `${spec.name} is text: compare it with = or !=`);
        return undefined;
      }
      const printed = flavorSpelling(input.servers.find((x) => x.name === s)?.flavor, spec.name, e.variable.text);
      if (printed) {
        ctx.report(
          'flavor-spelling',
          'hint',
          e.variable.range,
          `${s} prints this field as ${printed}; ${e.variable.text} is read as the same value`,
          printed,
        );
      }
      // Kept as written when it is the 8.0.22+ spelling (`Replica_IO_Running`): the run reads either, messages say the one used.
      const variable = e.variable.text.toLowerCase() === spec.name.toLowerCase() ? spec.name : e.variable.text;
      const channel = expectedChannel(
        ctx,
        e.channel,
        input.servers.find((x) => x.name === s),
      );
      if (e.channel && channel === undefined) return undefined;
      return s
        ? { ...base, kind: 'status', server: s, variable, op: e.op, value, ...(channel !== undefined ? { channel } : {}) }
        : undefined;
    }
    case 'expectVerdict': {
      const verdict = (VERDICT_KINDS as readonly string[]).includes(e.verdict.text) ? (e.verdict.text as VerdictKind) : undefined;
      if (!verdict) {
        const suggestion = closest(e.verdict.text, VERDICT_KINDS);
        ctx.error(
          'bad-value',
          e.verdict.range,
          `unknown verdict '${e.verdict.text}'${suggestion ? `; did you mean '${suggestion}'?` : `: expected one of ${VERDICT_KINDS.join(', ')}`}`,
          suggestion,
        );
        return undefined;
      }
      if (verdict === 'expectation_failed') {
        ctx.error('bad-value', e.verdict.range, 'expectation_failed is what a failing expectation reports; it cannot be expected');
        return undefined;
      }
      if (e.subject && !ctx.resolve(e.subject, ['txn', 'server'], 'transaction or server')) return undefined;
      return { ...base, kind: 'verdict', negated: e.negated, verdict, ...(e.subject ? { subject: e.subject.text } : {}) };
    }
  }
}

/**
 * `change master r2 to m1 … master_delay=N master_use_gtid=slave_pos`: CHANGE MASTER TO's options, or none after saying
 * why one is wrong. MASTER_USE_GTID is MariaDB's; with GTID it takes no file and position.
 */
function changeMasterOptions(
  ctx: CheckContext,
  a: A.ChangeMaster,
  config: ServerConfig | undefined,
): { masterDelay?: number; useGtid?: MasterUseGtid | 'no' } {
  const out: { masterDelay?: number; useGtid?: MasterUseGtid | 'no' } = {};
  for (const setting of a.options) {
    const spec = findSetting(setting.name.text)?.name;
    if (spec !== 'master_delay' && spec !== 'master_use_gtid') {
      ctx.error(
        'unknown-setting',
        setting.name.range,
        `CHANGE MASTER takes master_delay (source_delay) or master_use_gtid here, not '${setting.name.text}'`,
        setting.name.text.toLowerCase().includes('gtid') ? 'master_use_gtid' : 'master_delay',
      );
      continue;
    }
    if (!config) continue;
    const applied = applySettings(ctx, { ...config }, [setting]);
    if (spec === 'master_delay') {
      out.masterDelay = applied.masterDelay;
      continue;
    }
    // MariaDB's alone: applySettings has said so for another flavor.
    if (config.flavor !== 'mariadb-10.11') continue;
    const value = applied.gtidMode ? applied.masterUseGtid : 'no';
    if (value !== 'no' && a.start?.kind === 'file')
      ctx.error(
        'impossible-state',
        setting.range,
        `MASTER_USE_GTID=${value} takes its position from the GTID state: a binlog file and position go with master_use_gtid=no`,
      );
    else if (value === 'no' && a.start?.kind === 'autoPosition')
      ctx.error('impossible-state', setting.range, 'auto_position asks for GTID positioning: master_use_gtid=no contradicts it');
    else out.useGtid = value;
  }
  return out;
}
