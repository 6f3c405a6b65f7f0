/**
 * Checks the world before time 0: scenario, flavor, seed, database, servers and their settings, links and
 * clients. Produces their configurations with every default applied.
 */
import type * as A from '../ast';
import { FLAVORS, type Flavor, type LinkConfig, type Scenario, type ServerConfig } from '../../model/scenario';
import {
  applyFlavorDefaults,
  DEFAULT_LINK_LATENCY,
  defaultServerConfig,
  findSetting,
  SETTINGS,
  type SettingValue,
} from '../../model/settings';
import type { CheckContext } from './context';
import { closest } from './closest';
import { checkOperationSettings, clientPrivileges } from './operation-settings';
import { checkConnectionSettings, linkBandwidth } from './connection-settings';
import { checkDeclaredChannels } from './channels';
import { parseMariadbGtidList } from '../../engine/gtid';

/** Settings only a `set` step gives (SET GLOBAL on a stopped replica), never a declaration. */
const RUN_TIME_ONLY = new Set(['sql_slave_skip_counter', 'gtid_slave_pos']);

/** The part of the scenario that the declarations give: the world before time 0. */
export type Topology = Pick<Scenario, 'title' | 'flavor' | 'seed' | 'database' | 'schemaInBinlog' | 'servers' | 'links' | 'clients'>;

function findFirst<K extends A.Item['kind']>(
  ctx: CheckContext,
  items: A.Item[],
  kind: K,
  what: string,
): Extract<A.Item, { kind: K }> | undefined {
  const found = items.filter((i): i is Extract<A.Item, { kind: K }> => i.kind === kind);
  for (const extra of found.slice(1))
    ctx.warning(
      'duplicate-name',
      extra.range,
      `${what} is already given on line ${(found[0] as A.Item).range.start.line + 1}; this one is ignored`,
    );
  return found[0];
}

export function checkFlavorName(ctx: CheckContext, name: A.Name): Flavor | undefined {
  if ((FLAVORS as readonly string[]).includes(name.text)) return name.text as Flavor;
  const suggestion = closest(name.text, FLAVORS);
  ctx.error('bad-value', name.range, `unknown flavor '${name.text}': expected one of ${FLAVORS.join(', ')}`, suggestion);
  return undefined;
}

export function checkTopology(ctx: CheckContext, items: A.Item[]): Topology {
  const scenario = findFirst(ctx, items, 'scenario', 'the scenario title');
  const flavorDecl = findFirst(ctx, items, 'flavor', 'the flavor');
  const seedDecl = findFirst(ctx, items, 'seed', 'the seed');
  const databaseDecl = findFirst(ctx, items, 'database', 'the database');
  const flavor = (flavorDecl && checkFlavorName(ctx, flavorDecl.flavor)) ?? 'mysql-8.0';
  const database = databaseDecl?.name.text ?? 'test';
  if (databaseDecl) ctx.declare('database', databaseDecl.name, databaseDecl.range, `database ${database}`);

  const serverDecls = items.filter((i): i is A.ServerDecl => i.kind === 'server');
  const servers: ServerConfig[] = [];
  // Every lookup by name goes through a map: a topology of 20,000 servers is checked in linear time.
  const configOf = new Map<A.ServerDecl, ServerConfig>();
  for (const decl of serverDecls) {
    const detail = decl.role === 'source' ? `source ${decl.name.text}` : `replica ${decl.name.text} of ${decl.of?.text ?? '?'}`;
    if (!ctx.declare('server', decl.name, decl.range, detail)) continue;
    const config = defaultServerConfig(decl.name.text, decl.range.start.line, flavor, servers.length + 1);
    for (const setting of decl.settings) {
      const name = findSetting(setting.name.text)?.name;
      if (name === 'sql_slave_skip_counter')
        ctx.error(
          'bad-value',
          setting.name.range,
          'sql_slave_skip_counter is set at run time, after the SQL thread stopped: write `set SERVER sql_slave_skip_counter=1`, then `start SERVER`',
        );
      else if (name === 'gtid_slave_pos')
        ctx.error(
          'bad-value',
          setting.name.range,
          "gtid_slave_pos is set at run time, with the replica stopped: write `stop SERVER`, `set SERVER gtid_slave_pos='0-1-5'`, then `start SERVER`",
        );
    }
    applySettings(
      ctx,
      config,
      decl.settings.filter((x) => !RUN_TIME_ONLY.has(findSetting(x.name.text)?.name ?? '')),
    );
    servers.push(config);
    configOf.set(decl, config);
  }
  const declOf = new Map<string, A.ServerDecl>();
  for (const decl of serverDecls) if (configOf.has(decl)) declOf.set(decl.name.text, decl);
  checkServerIds(ctx, declOf, servers);
  for (const decl of serverDecls) {
    if (!decl.of) continue;
    const config = configOf.get(decl);
    if (decl.channels) {
      const channels = config && checkDeclaredChannels(ctx, decl, config);
      if (config && channels) {
        config.channels = channels;
        config.sourceName = channels[0]?.sourceName;
      }
      continue;
    }
    if (decl.of.text === decl.name.text) {
      ctx.error('self-replication', decl.of.range, `${decl.name.text} cannot be a replica of itself`);
      continue;
    }
    if (ctx.resolve(decl.of, ['server'], 'server') && config) config.sourceName = decl.of.text;
  }
  checkCycles(ctx, declOf, servers);
  checkSemisyncPairs(ctx, declOf, servers);

  const links: LinkConfig[] = [];
  const linkLines = new Map<string, number>();
  for (const decl of items.filter((i): i is A.LinkDecl => i.kind === 'link')) {
    const ok = [decl.from, decl.to].map((n) => ctx.resolve(n, ['server'], 'server')).every(Boolean);
    if (decl.from.text === decl.to.text) {
      ctx.error('self-replication', decl.to.range, 'a link joins two different servers');
      continue;
    }
    const pair = JSON.stringify([decl.from.text, decl.to.text].sort());
    const twin = linkLines.get(pair);
    if (twin !== undefined) {
      ctx.error(
        'duplicate-name',
        decl.range,
        `the link between ${decl.from.text} and ${decl.to.text} is already declared on line ${twin + 1}`,
      );
      continue;
    }
    if (!ok) continue;
    linkLines.set(pair, decl.range.start.line);
    links.push({
      from: decl.from.text,
      to: decl.to.text,
      line: decl.range.start.line,
      latency: decl.latency?.kind === 'duration' ? decl.latency.micros : DEFAULT_LINK_LATENCY,
      jitter: decl.jitter?.kind === 'duration' ? decl.jitter.micros : 0,
      ...linkBandwidth(ctx, decl),
      down: decl.down,
    });
  }

  const clients: Topology['clients'] = [];
  const flavorOf = new Map(servers.map((s) => [s.name, s.flavor]));
  for (const decl of items.filter((i): i is A.ClientDecl => i.kind === 'client')) {
    if (!ctx.declare('client', decl.name, decl.range, `client ${decl.name.text} on ${decl.server.text}`)) continue;
    if (ctx.resolve(decl.server, ['server'], 'server')) {
      const privileges = clientPrivileges(ctx, decl.settings, flavorOf.get(decl.server.text));
      clients.push({ name: decl.name.text, server: decl.server.text, line: decl.range.start.line, ...privileges });
    }
  }

  return {
    title: scenario?.title ?? '',
    flavor,
    seed: seedDecl?.seed ?? 1,
    database,
    schemaInBinlog: databaseDecl?.inBinlog ?? false,
    servers,
    links,
    clients,
  };
}

/** Checks and applies `name=value` settings to a configuration (declarations and `set`). */
export function applySettings(ctx: CheckContext, config: ServerConfig, settings: A.Setting[]): Partial<ServerConfig> {
  const changes: Partial<ServerConfig> = {};
  const seen = new Map<string, A.Setting>();
  // A flavor override comes first: the other defaults depend on it.
  const ordered = [...settings].sort(
    (a, b) => Number(findSetting(b.name.text)?.name === 'flavor') - Number(findSetting(a.name.text)?.name === 'flavor'),
  );
  for (const setting of ordered) {
    const spec = findSetting(setting.name.text);
    if (!spec) {
      const suggestion = closest(
        setting.name.text,
        SETTINGS.flatMap((s) => [s.name, s.mysqlName]),
      );
      ctx.error(
        'unknown-setting',
        setting.name.range,
        `unknown setting '${setting.name.text}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
        suggestion,
      );
      continue;
    }
    const previous = seen.get(spec.name);
    if (previous)
      ctx.warning(
        'duplicate-name',
        setting.name.range,
        `${spec.name} is already set on this server (column ${previous.name.range.start.character + 1}); the last one wins`,
      );
    seen.set(spec.name, setting);
    const value = settingValue(ctx, spec.name, setting);
    if (value === undefined) continue;
    const before = { ...config };
    // Every field the setting writes is a change, also when it already had that value: `SET GLOBAL x=v` takes effect
    // whatever was set before at run time (the declared value says nothing about the value at that moment).
    const written = new Set<string>();
    const recorder = new Proxy(config, {
      set(target, key, v) {
        if (typeof key === 'string') written.add(key);
        return Reflect.set(target, key, v);
      },
    });
    spec.apply(recorder, value);
    if (spec.name === 'flavor') applyFlavorDefaults(config);
    for (const key of Object.keys(config) as (keyof ServerConfig)[]) {
      if (config[key] !== before[key] || written.has(key)) (changes as Record<string, unknown>)[key] = config[key];
    }
  }
  checkCombination(ctx, config, seen);
  return changes;
}

/** The checked value of one setting, or undefined after reporting why it is wrong. */
function settingValue(ctx: CheckContext, name: string, setting: A.Setting): SettingValue | undefined {
  const spec = findSetting(name);
  if (!spec) return undefined;
  const v = setting.value;
  const where = v?.range ?? setting.name.range;
  switch (spec.kind) {
    case 'bool': {
      if (!v) return true;
      if (v.kind === 'word' && ['on', 'off', 'true', 'false'].includes(v.text.toLowerCase()))
        return ['on', 'true'].includes(v.text.toLowerCase());
      if (v.kind === 'int' && (v.value === 0 || v.value === 1)) return v.value === 1;
      ctx.error('bad-value', where, `${spec.name} is on or off`);
      return undefined;
    }
    case 'int': {
      if (v?.kind !== 'int') {
        ctx.error('bad-value', where, `${spec.name} takes a whole number`);
        return undefined;
      }
      return inRange(ctx, spec.name, v.value, where, spec.min, spec.max) ? v.value : undefined;
    }
    case 'duration': {
      if (v?.kind === 'unbounded' && spec.unbounded) return null;
      if ((v?.kind === 'int' && v.value < 0) || (v?.kind === 'duration' && v.micros < 0)) {
        ctx.error('out-of-range', where, `${spec.name} cannot be negative`);
        return undefined;
      }
      if (v?.kind === 'int' && spec.name === 'timeout') return v.value * 1000; // MySQL's variable is in milliseconds
      if (v?.kind === 'int' && spec.name === 'master_heartbeat_period') return v.value * 1_000_000; // CHANGE MASTER's is in seconds
      if (v?.kind !== 'duration') {
        ctx.error('bad-value', where, `${spec.name} takes a duration such as 10ms or 2s${spec.unbounded ? ', or unbounded' : ''}`);
        return undefined;
      }
      return v.micros;
    }
    case 'size': {
      const bytes = v?.kind === 'size' ? v.bytes : v?.kind === 'int' ? v.value : undefined;
      if (bytes === undefined) {
        ctx.error('bad-value', where, `${spec.name} takes a size such as 4096, 4KB or 1GB`);
        return undefined;
      }
      return inRange(ctx, spec.name, bytes, where, spec.min, spec.max) ? bytes : undefined;
    }
    case 'enum': {
      const word = v?.kind === 'word' ? v.text.toLowerCase() : undefined;
      if (word && spec.values?.includes(word)) return word;
      const suggestion = word ? closest(word, spec.values ?? []) : undefined;
      ctx.error('bad-value', where, `${spec.name} is one of ${spec.values?.join(', ')}`, suggestion);
      return undefined;
    }
    case 'flavor': {
      if (v?.kind !== 'flavor') {
        ctx.error('bad-value', where, `flavor is one of ${FLAVORS.join(', ')}`);
        return undefined;
      }
      return checkFlavorName(ctx, { text: v.text, range: v.range });
    }
    case 'errors':
      return skipErrorsValue(ctx, setting);
    case 'string': {
      if (v?.kind !== 'string') {
        ctx.error('bad-value', where, `${spec.name} takes a quoted string`);
        return undefined;
      }
      if (spec.name === 'server_uuid' && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v.text)) {
        ctx.error('bad-value', where, `server_uuid must look like 3e11fa47-71ca-11e1-9e33-c80aa9429562`);
        return undefined;
      }
      if (spec.name === 'gtid_slave_pos' && v.text.trim() !== '' && !parseMariadbGtidList(v.text)) {
        ctx.error(
          'bad-value',
          where,
          "gtid_slave_pos is a MariaDB GTID list, one domain-server-seq per domain ('0-1-5,1-2-3'), or '' (MariaDB: error 1941, could not parse GTID list)",
        );
        return undefined;
      }
      return v.text;
    }
  }
}

/** slave_skip_errors: `all`, `off`, one code, or a quoted comma-separated list of codes (as in my.cnf). */
function skipErrorsValue(ctx: CheckContext, setting: A.Setting): SettingValue | undefined {
  const v = setting.value;
  const where = v?.range ?? setting.name.range;
  if (v?.kind === 'word' && ['all', 'off'].includes(v.text.toLowerCase())) return v.text.toLowerCase() === 'all' ? 'all' : '';
  if (v?.kind === 'int' && v.value > 0) return String(v.value);
  const text = v?.kind === 'string' ? v.text.trim() : undefined;
  if (text !== undefined && text.toLowerCase() === 'all') return 'all';
  if (text !== undefined && /^\d+(\s*,\s*\d+)*$/.test(text)) return text.replace(/\s+/g, '');
  ctx.error('bad-value', where, "slave_skip_errors is a list of error codes ('1062,1032'), all, or off");
  return undefined;
}

function inRange(ctx: CheckContext, name: string, value: number, where: A.Range, min?: number, max?: number): boolean {
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    ctx.error('out-of-range', where, `${name} must be between ${min} and ${max}`);
    return false;
  }
  return true;
}

/** Settings that cannot go together on one server, and doubtful ones. */
function checkCombination(ctx: CheckContext, config: ServerConfig, seen: Map<string, A.Setting>): void {
  const at = (name: string) => seen.get(name)?.range;
  checkOperationSettings(ctx, config, at);
  checkConnectionSettings(ctx, config, at);
  const waitPoint = at('wait_point');
  if (config.flavor === 'mysql-5.5' && config.waitPoint === 'after_sync' && waitPoint) {
    ctx.error(
      'impossible-state',
      waitPoint,
      'mysql-5.5 has no AFTER_SYNC wait point (it came with MySQL 5.7): semi-sync there always waits after the engine commit',
    );
  }
  const gtid = at('gtid');
  if (config.flavor === 'mysql-5.5' && config.gtidMode && gtid) {
    ctx.error('impossible-state', gtid, 'mysql-5.5 has no GTIDs (they came with MySQL 5.6)');
  }
  const count = at('wait_for_slave_count');
  if (config.flavor === 'mysql-5.5' && count && config.waitForSlaveCount !== 1) {
    ctx.error(
      'impossible-state',
      count,
      'mysql-5.5 has no rpl_semi_sync_master_wait_for_slave_count (MySQL 5.7+): one ACK is always enough',
    );
  }
  if (config.flavor === 'mariadb-10.11' && count) {
    ctx.error(
      'impossible-state',
      count,
      'MariaDB 10.11 has no rpl_semi_sync_master_wait_for_slave_count (SET GLOBAL: error 1193, unknown system variable): one ACK is always enough',
    );
  }
  const semisyncOnly = ['wait_point', 'timeout', 'wait_for_slave_count', 'wait_no_slave'].map(at).find((r) => r !== undefined);
  if (semisyncOnly && !config.semisyncMaster) {
    ctx.warning(
      'doubtful-setting',
      semisyncOnly,
      `this semi-sync setting has no effect: semi-sync is off on ${config.name} (add \`semisync\`)`,
    );
  }
  const timeout = at('timeout');
  if (timeout && config.semisyncTimeout === 0) {
    ctx.warning('doubtful-setting', timeout, 'a timeout of 0 makes every commit fall back to async at once');
  }
  const offset = at('auto_increment_offset');
  if (offset && config.autoIncrementOffset > config.autoIncrementIncrement) {
    ctx.warning(
      'doubtful-setting',
      offset,
      `auto_increment_offset ${config.autoIncrementOffset} is greater than auto_increment_increment ${config.autoIncrementIncrement}: MySQL ignores it, and the series starts at 1`,
    );
  }
}

function lineRange(line: number): A.Range {
  return { start: { line, character: 0 }, end: { line, character: 0 } };
}

function checkServerIds(ctx: CheckContext, declOf: Map<string, A.ServerDecl>, servers: ServerConfig[]): void {
  const byId = new Map<number, ServerConfig>();
  for (const s of servers) {
    const other = byId.get(s.serverId);
    if (other) {
      const decl = declOf.get(s.name);
      const setting = decl?.settings.find((x) => findSetting(x.name.text)?.name === 'server_id');
      ctx.error(
        'duplicate-name',
        setting?.range ?? decl?.name.range ?? lineRange(s.line),
        `server_id ${s.serverId} is already used by ${other.name}: replication ignores events with its own server_id`,
      );
    }
    byId.set(s.serverId, s);
  }
}

/** How many names a cycle's message shows: the first ones, then `…` and the count (a bounded message). */
const cycleNamesShown = 6;

/**
 * Replication cycles (a replica of a replica of … itself: co-masters, rings), in linear time: each server is walked
 * at most once along its `of` chain. A cycle is allowed, as MySQL allows it (each server skips the events that carry
 * its own server_id), with one warning per cycle on the member declared first, in a bounded message: writes on more
 * than one member can conflict. In a ring of three or more, a member without log_slave_updates does not pass on
 * what it applies, so the writes of the others never go round: a warning on each such member.
 */
function checkCycles(ctx: CheckContext, declOf: Map<string, A.ServerDecl>, servers: ServerConfig[]): void {
  const byName = new Map(servers.map((s) => [s.name, s]));
  // 1: on the path being walked, 2: walked (no cycle ahead, or its cycle already reported).
  const state = new Map<string, 1 | 2>();
  for (const start of servers) {
    if (state.has(start.name)) continue;
    const path: ServerConfig[] = [];
    let at: ServerConfig | undefined = start;
    while (at && !state.has(at.name)) {
      state.set(at.name, 1);
      path.push(at);
      at = at.sourceName !== undefined ? byName.get(at.sourceName) : undefined;
    }
    if (at && state.get(at.name) === 1) {
      const cycle = path.slice(path.indexOf(at));
      const first = cycle.reduce((a, b) => (b.line < a.line ? b : a));
      // Read the cycle from its first-declared member, along `of`: first → its source → … → first.
      const from = cycle.indexOf(first);
      const ordered = [...cycle.slice(from), ...cycle.slice(0, from)];
      const names = ordered.slice(0, cycleNamesShown).map((s) => s.name);
      const shown = ordered.length > cycleNamesShown ? `${names.join(' → ')} → … (${ordered.length} servers)` : names.join(' → ');
      const decl = declOf.get(first.name);
      ctx.warning(
        'replication-cycle',
        decl?.of?.range ?? decl?.name.range ?? lineRange(first.line),
        `replication cycle: ${shown} → ${first.name}: writes on more than one of them can conflict`,
      );
      if (cycle.length > 2) {
        let reported = 0;
        for (const member of ordered) {
          if (member.logSlaveUpdates) continue;
          // Bounded: a ring of thousands without log_slave_updates gets a few warnings, not thousands.
          if (++reported > cycleNamesShown) break;
          const d = declOf.get(member.name);
          ctx.warning(
            'doubtful-setting',
            d?.name.range ?? lineRange(member.line),
            `${member.name} is in a ring of ${cycle.length} servers without log_slave_updates: what it applies is not passed on, so writes made before it in the ring never reach the servers after it`,
          );
        }
      }
    }
    for (const s of path) state.set(s.name, 2);
  }
}

/** A semi-sync replica of a source without semi-sync (or the reverse) is allowed, but rarely meant. */
function checkSemisyncPairs(ctx: CheckContext, declOf: Map<string, A.ServerDecl>, servers: ServerConfig[]): void {
  const byName = new Map(servers.map((s) => [s.name, s]));
  const replicasOf = new Map<string, ServerConfig[]>();
  for (const s of servers) {
    if (s.sourceName === undefined) continue;
    const list = replicasOf.get(s.sourceName);
    if (list) list.push(s);
    else replicasOf.set(s.sourceName, [s]);
  }
  for (const s of servers) {
    const source = s.sourceName !== undefined ? byName.get(s.sourceName) : undefined;
    if (!source) continue;
    const decl = declOf.get(s.name);
    if (!decl) continue;
    const explicit = decl.settings.find((x) => ['semisync', 'semisync_slave'].includes(findSetting(x.name.text)?.name ?? ''));
    if (s.semisyncSlave && !source.semisyncMaster && explicit) {
      ctx.warning(
        'doubtful-setting',
        explicit.range,
        `${s.name} acknowledges, but ${source.name} has semi-sync off: no commit waits for it`,
      );
    }
  }
  for (const source of servers.filter((s) => s.semisyncMaster && !s.sourceName)) {
    const replicas = replicasOf.get(source.name) ?? [];
    const decl = declOf.get(source.name);
    if (!decl || replicas.some((r) => r.semisyncSlave)) continue;
    const none = replicas.length === 0 ? 'it has no replica' : 'none of its replicas has semi-sync';
    const wait =
      source.semisyncTimeout === null
        ? 'with timeout=unbounded its first commit waits forever'
        : 'its first commit waits the full timeout, then semi-sync falls back to async';
    ctx.warning('doubtful-setting', decl.name.range, `${source.name} has semi-sync on but ${none}: ${wait}`);
  }
}
