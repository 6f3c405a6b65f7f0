/**
 * Global transaction identifiers, both kinds. MySQL: `uuid:gno`, sets of intervals per uuid (`gtid_executed`);
 * a new own GTID takes the smallest free number under the server's uuid. MariaDB: `domain-server-seq`; the binlog
 * state keeps the last GTID per (domain, server), `gtid_binlog_pos` the last per domain, `gtid_slave_pos` what the
 * SQL thread applied, and a new own GTID continues the highest sequence number the server knows in the domain
 * (a promoted replica: `0-1-5` → `0-2-6`).
 */
import type { GtidSetDescription, TxnGtid } from './binlog-events';

/** One MySQL GTID interval, inclusive. */
export interface GtidInterval {
  start: number;
  end: number;
}

/** A MySQL GTID set: uuid → sorted, disjoint intervals. */
export type MysqlGtidSet = Map<string, GtidInterval[]>;

/** A MariaDB GTID. */
export interface MariadbGtid {
  domain: number;
  serverId: number;
  seq: number;
}

/** The GTID text of a transaction: `uuid:n`, `d-s-n`, or undefined for an anonymous one. */
export function gtidText(gtid: TxnGtid): string | undefined {
  switch (gtid.kind) {
    case 'anonymous':
      return undefined;
    case 'mysql':
      return `${gtid.uuid}:${gtid.gno}`;
    case 'mariadb':
      return `${gtid.domain}-${gtid.serverId}-${gtid.seq}`;
  }
}

/** Adds `gno` to the set under `uuid`, merging intervals. */
export function addGtid(set: MysqlGtidSet, uuid: string, gno: number): void {
  const list = set.get(uuid);
  if (!list) return void set.set(uuid, [{ start: gno, end: gno }]);
  const last = list[list.length - 1];
  // The usual case, in place: the next number after the last interval, or one already there.
  if (last && gno === last.end + 1) return void (last.end = gno);
  if (last && gno > last.end + 1) return void list.push({ start: gno, end: gno });
  if (list.some((i) => i.start <= gno && gno <= i.end)) return;
  list.push({ start: gno, end: gno });
  set.set(uuid, normalize(list));
}

/** The number a new transaction of `uuid` gets: the smallest one in neither set (gtid_executed and the binlogged ones). */
export function nextGnoOfBoth(a: MysqlGtidSet, b: MysqlGtidSet, uuid: string): number {
  const x = a.get(uuid) ?? [];
  const y = b.get(uuid) ?? [];
  if (x.length + y.length <= 2) {
    // Both sets are one interval from 1 (or empty), as without gaps: the next number is after the larger.
    const contiguous = (l: readonly GtidInterval[]) => l.length === 0 || (l.length === 1 && l[0].start === 1);
    if (contiguous(x) && contiguous(y)) return Math.max(x[0]?.end ?? 0, y[0]?.end ?? 0) + 1;
  }
  return nextGno(unionGtidSets(a, b), uuid);
}

/** Whether the set holds `uuid:gno`. */
export function hasGtid(set: MysqlGtidSet, uuid: string, gno: number): boolean {
  return (set.get(uuid) ?? []).some((i) => i.start <= gno && gno <= i.end);
}

/** The number a new transaction of `uuid` gets: the smallest one not in the set. */
export function nextGno(set: MysqlGtidSet, uuid: string): number {
  let n = 1;
  for (const i of set.get(uuid) ?? []) {
    if (i.start > n) break;
    n = Math.max(n, i.end + 1);
  }
  return n;
}

/** A copy of a set. */
export function cloneGtidSet(set: MysqlGtidSet): MysqlGtidSet {
  const out: MysqlGtidSet = new Map();
  for (const [u, list] of set)
    out.set(
      u,
      list.map((i) => ({ ...i })),
    );
  return out;
}

/** a ∪ b. */
export function unionGtidSets(a: MysqlGtidSet, b: MysqlGtidSet): MysqlGtidSet {
  const out = cloneGtidSet(a);
  for (const [u, list] of b) out.set(u, normalize([...(out.get(u) ?? []), ...list.map((i) => ({ ...i }))]));
  return out;
}

/** a − b. */
export function subtractGtidSets(a: MysqlGtidSet, b: MysqlGtidSet): MysqlGtidSet {
  const out: MysqlGtidSet = new Map();
  for (const [u, list] of a) {
    let rest = list.map((i) => ({ ...i }));
    for (const cut of b.get(u) ?? []) {
      const next: GtidInterval[] = [];
      for (const i of rest) {
        if (cut.end < i.start || cut.start > i.end) next.push(i);
        else {
          if (i.start < cut.start) next.push({ start: i.start, end: cut.start - 1 });
          if (i.end > cut.end) next.push({ start: cut.end + 1, end: i.end });
        }
      }
      rest = next;
    }
    if (rest.length > 0) out.set(u, rest);
  }
  return out;
}

/** Whether the set is empty. */
export function isEmptyGtidSet(set: MysqlGtidSet): boolean {
  for (const list of set.values()) if (list.length > 0) return false;
  return true;
}

/** `uuid:1-5:7,uuid2:1-3` as MySQL prints a set (uuids sorted). */
export function formatGtidSet(set: MysqlGtidSet): string {
  // Built in one pass, without sorting one or two uuids: the status of every server that changed prints its sets
  // after every instant of a full trace, and after a failover a set usually holds two.
  if (set.size > 2) return [...set.keys()].sort().reduce((text, uuid) => withUuid(text, uuid, set.get(uuid) ?? []), '');
  let first: string | undefined;
  let second: string | undefined;
  for (const uuid of set.keys()) {
    if (first === undefined) first = uuid;
    else second = uuid;
  }
  if (first === undefined) return '';
  if (second === undefined) return withUuid('', first, set.get(first) ?? []);
  const a = first < second ? first : second;
  const b = a === first ? second : first;
  return withUuid(withUuid('', a, set.get(a) ?? []), b, set.get(b) ?? []);
}

/** `text` followed by `uuid:1-5:7` (a comma between), or `text` when the uuid has no interval. */
function withUuid(text: string, uuid: string, intervals: readonly GtidInterval[]): string {
  if (intervals.length === 0) return text;
  text += text === '' ? uuid : `,${uuid}`;
  for (const i of intervals) text += i.start === i.end ? `:${i.start}` : `:${i.start}-${i.end}`;
  return text;
}

/** The Previous_gtids description of a set, for a binlog file header. */
export function describeMysqlSet(set: MysqlGtidSet): GtidSetDescription {
  return {
    kind: 'mysql',
    sids: [...set.keys()].sort().map((uuid) => ({ uuid, intervals: (set.get(uuid) ?? []).map((i) => ({ ...i })) })),
  };
}

function normalize(list: GtidInterval[]): GtidInterval[] {
  const sorted = [...list].sort((a, b) => a.start - b.start);
  const out: GtidInterval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end + 1) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

/** MariaDB's GTID state of one server. */
export interface MariadbGtidState {
  /** Last GTID binlogged per `domain-server` (gtid_binlog_state), in order of first appearance. */
  binlogState: Map<string, MariadbGtid>;
  /** Last GTID binlogged per domain (gtid_binlog_pos). */
  binlogPos: Map<number, MariadbGtid>;
  /** Last GTID applied by the SQL thread per domain (gtid_slave_pos). */
  slavePos: Map<number, MariadbGtid>;
}

/** An empty MariaDB state. */
export function createMariadbState(): MariadbGtidState {
  return { binlogState: new Map(), binlogPos: new Map(), slavePos: new Map() };
}

/** A copy of a MariaDB state. */
export function cloneMariadbState(s: MariadbGtidState): MariadbGtidState {
  return { binlogState: new Map(s.binlogState), binlogPos: new Map(s.binlogPos), slavePos: new Map(s.slavePos) };
}

/** Records a GTID written to this server's binlog. */
export function recordMariadbBinlogged(s: MariadbGtidState, g: MariadbGtid): void {
  s.binlogState.set(`${g.domain}-${g.serverId}`, { ...g });
  s.binlogPos.set(g.domain, { ...g });
}

/** Records a GTID applied by this server's SQL thread. */
export function recordMariadbApplied(s: MariadbGtidState, g: MariadbGtid): void {
  s.slavePos.set(g.domain, { ...g });
}

/** The sequence number of a new own transaction in `domain`: one past the highest the server knows. */
export function nextMariadbSeq(s: MariadbGtidState, domain: number): number {
  let max = 0;
  for (const g of s.binlogState.values()) if (g.domain === domain) max = Math.max(max, g.seq);
  const slave = s.slavePos.get(domain);
  if (slave) max = Math.max(max, slave.seq);
  return max + 1;
}

/**
 * gtid_current_pos: per domain, the binlog position or the slave position, whichever is newer; on equal sequence
 * numbers the slave position (MariaDB's rpl_slave_state::iterate takes the binlog's only when it is strictly ahead).
 */
export function mariadbCurrentPos(s: MariadbGtidState): Map<number, MariadbGtid> {
  const out = new Map<number, MariadbGtid>();
  const domains = [...new Set([...s.binlogPos.keys(), ...s.slavePos.keys()])].sort((a, b) => a - b);
  for (const d of domains) {
    const b = s.binlogPos.get(d);
    const r = s.slavePos.get(d);
    const pick = !b ? r : !r ? b : b.seq > r.seq ? b : r;
    if (pick) out.set(d, { ...pick });
  }
  return out;
}

/** `0-1-5,1-2-3` (domains in order). */
export function formatMariadbPos(pos: Map<number, MariadbGtid>): string {
  return [...pos.keys()]
    .sort((a, b) => a - b)
    .map((d) => {
      const g = pos.get(d)!;
      return `${g.domain}-${g.serverId}-${g.seq}`;
    })
    .join(',');
}

/** The Gtid_list description of a MariaDB binlog state, for a file header. */
export function describeMariadbState(s: MariadbGtidState): GtidSetDescription {
  return { kind: 'mariadb', gtids: [...s.binlogState.values()].map((g) => ({ ...g })) };
}

/** A MySQL GTID set as written (`uuid:1-5:7, uuid2:3`); undefined when it is not one. */
export function parseMysqlGtidSet(text: string): MysqlGtidSet | undefined {
  const set: MysqlGtidSet = new Map();
  for (const part of text.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    const [uuid, ...ranges] = part.split(':');
    if (!uuid || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(uuid) || ranges.length === 0) return undefined;
    for (const r of ranges) {
      const m = /^(\d+)(?:-(\d+))?$/.exec(r);
      if (!m) return undefined;
      const start = Number(m[1]);
      const end = m[2] !== undefined ? Number(m[2]) : start;
      if (start < 1 || end < start) return undefined;
      for (let n = start; n <= end && n - start < 1_000_000; n++) addGtid(set, uuid.toLowerCase(), n);
    }
  }
  return set.size > 0 ? set : undefined;
}

/** A MariaDB GTID list as written (`0-1-5,1-2-9`), by domain; undefined when it is not one. */
export function parseMariadbGtidList(text: string): Map<number, MariadbGtid> | undefined {
  const out = new Map<number, MariadbGtid>();
  for (const part of text.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    const m = /^(\d+)-(\d+)-(\d+)$/.exec(part);
    if (!m) return undefined;
    const g = { domain: Number(m[1]), serverId: Number(m[2]), seq: Number(m[3]) };
    if (out.has(g.domain)) return undefined;
    out.set(g.domain, g);
  }
  return out.size > 0 ? out : undefined;
}
