/**
 * The exploration: every crash point of a scenario under every policy (a setting's values, crossed), each variant a
 * summary run, the runs tallied into outcome classes per policy and per pipeline state. Pure: scenarios in, a result
 * out; who runs the variants (this thread, a pool of workers, the jobs of a CI matrix with `shard`) is the caller's
 * choice, and any split of the cases tallies to the same result (`mergeExplorations`).
 */
import type { Scenario, TxnState, VerdictKind } from '../model/scenario';
import { TXN_STATES } from '../model/states';
import { runSummary } from '../run';
import { crashPoints, withCrashPoint, type CrashPoint, type CrashPointFilter } from './crash-points';
import { classKey, classRank, outcomeOf, type OutcomeClass } from './outcome';

/** One policy: the settings it changes on every server (as written, `{ wait_point: 'after_commit' }`), and the scenario under them. */
export interface PolicyScenario {
  settings: Record<string, string>;
  scenario: Scenario;
}

/** A property of the whole exploration: `expect always no lost_acknowledged_commit`. */
export interface ExploreProperty {
  /** Zero-based line of its declaration. */
  line: number;
  verdict: VerdictKind;
}

/** A slice of the cases: the `index`-th of `count` (one-based), every case whose number is `index - 1` modulo `count`. */
export interface Shard {
  index: number;
  count: number;
}

export interface ExploreOptions extends CrashPointFilter {
  shard?: Shard;
}

/** One case to run: a crash point under a policy, numbered across the whole exploration. */
export interface ExploreCase {
  /** Its number among every case of every policy (the same whatever the shard). */
  index: number;
  policy: number;
  point: CrashPoint;
}

/** What is to run: the policies, the cases of this shard, and the variants that cannot happen. */
export interface ExplorePlan {
  policies: { settings: Record<string, string>; skipped: number }[];
  cases: ExploreCase[];
  /** Identifies what is explored (the policies' scenarios, the crash kinds and servers), the same for every slice. */
  fingerprint: string;
  shard?: Shard;
}

/** Enough to materialise a variant: its case number, its policy's settings and its crash point. */
export interface CaseExample {
  case: number;
  settings: Record<string, string>;
  crashPoint: CrashPoint;
}

/** A class with how many cases fell in it and the first of them. */
export interface ClassCount extends OutcomeClass {
  count: number;
  example: CaseExample;
}

/** A class within one policy: also how many of its cases crashed at each pipeline state (a column of the matrix). */
export interface PolicyClassCount extends ClassCount {
  byState: Partial<Record<TxnState, number>>;
  /** The first case of the class at each of those states (a cell of the matrix and its example). */
  examples: Partial<Record<TxnState, CaseExample>>;
  /** Its cases by crash point, kinds of crash and replicas folded: one per state, transaction and crashed server. */
  byPoint: PointCount[];
}

/** How many cases of a class crashed `server` when `txn` reached `state` (by any replica, either kind), and the first. */
export interface PointCount {
  state: TxnState;
  txn: string;
  server: string;
  count: number;
  example: CaseExample;
}

export interface PropertyResult {
  line: number;
  /** `always no VERDICT`: no case shows a verdict of this kind. */
  verdict: VerdictKind;
  holds: boolean;
  /** The first case that breaks it. */
  counterexample?: CaseExample;
}

/** The result, as `replscope explore --json` prints it. The class counts add up to `cases`. */
export interface Exploration {
  cases: number;
  skipped: number;
  classes: ClassCount[];
  policies: { settings: Record<string, string>; cases: number; skipped: number; classes: PolicyClassCount[] }[];
  properties: PropertyResult[];
  /** The same for the slices of one exploration, different (almost surely) for another file, policy or filter. */
  fingerprint: string;
  /** Present on a slice; `mergeExplorations` of every slice gives the result without it. */
  shard?: Shard;
}

/** The cases of every policy (and of this shard), in a fixed order: policy by policy, crash points as the base run reached them. */
export function planExploration(policies: PolicyScenario[], options: ExploreOptions = {}): ExplorePlan {
  const cases: ExploreCase[] = [];
  const planned: ExplorePlan['policies'] = [];
  let index = 0;
  policies.forEach((policy, p) => {
    const census = crashPoints(policy.scenario, options);
    // The skipped variants are counted once, by the first slice, so that the slices add up.
    const counted = !options.shard || options.shard.index === 1;
    planned.push({ settings: policy.settings, skipped: counted ? census.skipped.notReached + census.skipped.serverDown : 0 });
    for (const point of census.points) {
      if (!options.shard || index % options.shard.count === options.shard.index - 1) cases.push({ index, policy: p, point });
      index++;
    }
  });
  const fingerprint = fnv1a(JSON.stringify([policies.map((p) => p.scenario), options.modes ?? null, options.servers ?? null]));
  return { policies: planned, cases, fingerprint, ...(options.shard ? { shard: options.shard } : {}) };
}

/** FNV-1a, 32 bits, as 8 hex digits. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** Runs one case: the policy's scenario with the crash point, as a summary run, and its class. */
export function runCase(scenario: Scenario, point: CrashPoint): OutcomeClass {
  return outcomeOf(scenario, point, runSummary(withCrashPoint(scenario, point)));
}

/** Runs every case of the plan in this thread. */
export function explore(policies: PolicyScenario[], properties: ExploreProperty[] = [], options: ExploreOptions = {}): Exploration {
  const plan = planExploration(policies, options);
  const tally = new Tally(plan);
  for (const c of plan.cases) tally.add(c, runCase(policies[c.policy].scenario, c.point));
  return tally.result(properties);
}

/** Counts the outcomes of cases as they come (in any order) into an exploration. */
export class Tally {
  private readonly perPolicy: Map<string, PolicyClassCount>[];
  private readonly cases: number[];
  /** Each class's points by state, transaction and server, to count a case in its point at once. */
  private readonly points = new Map<PolicyClassCount, Map<string, PointCount>>();

  constructor(private readonly plan: Pick<ExplorePlan, 'policies' | 'shard' | 'fingerprint'>) {
    this.perPolicy = plan.policies.map(() => new Map<string, PolicyClassCount>());
    this.cases = plan.policies.map(() => 0);
  }

  add(c: ExploreCase, outcome: OutcomeClass): void {
    const classes = this.perPolicy[c.policy];
    const key = classKey(outcome);
    const example: CaseExample = { case: c.index, settings: this.plan.policies[c.policy].settings, crashPoint: c.point };
    let entry = classes.get(key);
    if (!entry) classes.set(key, (entry = { ...outcome, count: 0, example, byState: {}, examples: {}, byPoint: [] }));
    entry.count++;
    const state = c.point.state;
    entry.byState[state] = (entry.byState[state] ?? 0) + 1;
    if (c.index < entry.example.case) entry.example = example;
    if (c.index < (entry.examples[state]?.case ?? Number.POSITIVE_INFINITY)) entry.examples[state] = example;
    let points = this.points.get(entry);
    if (!points) this.points.set(entry, (points = new Map<string, PointCount>()));
    addPoint(entry.byPoint, { state, txn: c.point.txn, server: c.point.server, count: 1, example }, points);
    this.cases[c.policy]++;
  }

  result(properties: ExploreProperty[]): Exploration {
    const policies = this.plan.policies.map((p, i) => ({
      settings: p.settings,
      cases: this.cases[i],
      skipped: p.skipped,
      classes: [...this.perPolicy[i].values()].map(cloneClass),
    }));
    return finish(policies, properties, this.plan.fingerprint, this.plan.shard);
  }
}

function cloneClass(c: PolicyClassCount): PolicyClassCount {
  return {
    ...c,
    verdicts: c.verdicts.map((v) => ({ ...v, servers: [...v.servers] })),
    byState: { ...c.byState },
    examples: { ...c.examples },
    byPoint: (c.byPoint ?? []).map((x) => ({ ...x })),
  };
}

/** Adds `x` to the points of a class: to the count of its state, transaction and server, or as a point of its own. */
function addPoint(points: PointCount[], x: PointCount, index?: Map<string, PointCount>): void {
  const key = JSON.stringify([x.state, x.txn, x.server]);
  const seen = index ? index.get(key) : points.find((p) => p.state === x.state && p.txn === x.txn && p.server === x.server);
  if (!seen) {
    const added = { ...x };
    points.push(added);
    index?.set(key, added);
    return;
  }
  seen.count += x.count;
  if (x.example.case < seen.example.case) seen.example = x.example;
}

const STATE_ORDER = new Map(TXN_STATES.map((s, i) => [s.name, i]));

/** Points by pipeline state, then as the base run reached them (their first case): the same for any split of the cases. */
function comparePoints(a: PointCount, b: PointCount): number {
  return (STATE_ORDER.get(a.state) ?? 0) - (STATE_ORDER.get(b.state) ?? 0) || a.example.case - b.example.case;
}

/** Orders the classes (worst first, then the most frequent), adds them up across policies and checks the properties. */
function finish(policies: Exploration['policies'], properties: ExploreProperty[], fingerprint: string, shard?: Shard): Exploration {
  const all = new Map<string, ClassCount>();
  for (const p of policies) {
    p.classes.sort(compareClasses);
    // The same counts in the same order however the cases were split.
    for (const c of p.classes) {
      c.byState = Object.fromEntries(TXN_STATES.flatMap((s) => (c.byState[s.name] ? [[s.name, c.byState[s.name]]] : [])));
      c.examples = Object.fromEntries(TXN_STATES.flatMap((s) => (c.examples[s.name] ? [[s.name, c.examples[s.name]]] : [])));
      c.byPoint.sort(comparePoints);
    }
    for (const c of p.classes) {
      const key = classKey(c);
      const seen = all.get(key);
      if (!seen) {
        const { byState: _byState, examples: _examples, byPoint: _byPoint, ...rest } = c;
        all.set(key, { ...rest });
      } else {
        seen.count += c.count;
        if (c.example.case < seen.example.case) seen.example = c.example;
      }
    }
  }
  const classes = [...all.values()].sort(compareClasses);
  const results: PropertyResult[] = properties.map((prop) => {
    const breaking = classes.filter((c) => c.verdicts.some((v) => v.kind === prop.verdict));
    const first = breaking.map((c) => c.example).sort((a, b) => a.case - b.case)[0];
    return { line: prop.line, verdict: prop.verdict, holds: first === undefined, ...(first ? { counterexample: first } : {}) };
  });
  return {
    cases: policies.reduce((n, p) => n + p.cases, 0),
    skipped: policies.reduce((n, p) => n + p.skipped, 0),
    classes,
    policies,
    properties: results,
    fingerprint,
    ...(shard ? { shard } : {}),
  };
}

function compareClasses(a: OutcomeClass & { count: number }, b: OutcomeClass & { count: number }): number {
  const ka = classKey(a);
  const kb = classKey(b);
  return classRank(a) - classRank(b) || b.count - a.count || (ka < kb ? -1 : ka > kb ? 1 : 0);
}

/** Joins the slices of one exploration (`--shard I/N` for every I) into the result of the whole; throws when they do not fit. */
export function mergeExplorations(parts: Exploration[], properties?: ExploreProperty[]): Exploration {
  if (parts.length === 0) throw new Error('nothing to merge');
  const count = parts[0].shard?.count ?? 1;
  const indices = parts.map((p) => p.shard?.index ?? 1).sort((a, b) => a - b);
  if (parts.some((p) => (p.shard?.count ?? 1) !== count) || indices.some((i, k) => i !== k + 1) || indices.length !== count)
    throw new Error(`the slices do not make a whole: expected shards 1…${count} of ${count}, got ${indices.join(', ')}`);
  if (parts.some((p) => p.fingerprint !== parts[0].fingerprint))
    throw new Error('the slices come from different explorations (file, policies or --crash/--kind)');
  const policyKeys = parts[0].policies.map((p) => JSON.stringify(p.settings));
  if (parts.some((part) => JSON.stringify(part.policies.map((p) => JSON.stringify(p.settings))) !== JSON.stringify(policyKeys)))
    throw new Error('the slices explore different policies');
  const policies: Exploration['policies'] = parts[0].policies.map((p) => ({ settings: p.settings, cases: 0, skipped: 0, classes: [] }));
  const maps = policies.map(() => new Map<string, PolicyClassCount>());
  for (const part of parts)
    part.policies.forEach((p, i) => {
      policies[i].cases += p.cases;
      policies[i].skipped += p.skipped;
      for (const c of p.classes) {
        const key = classKey(c);
        const seen = maps[i].get(key);
        if (!seen) {
          maps[i].set(key, cloneClass(c));
          continue;
        }
        seen.count += c.count;
        for (const [state, n] of Object.entries(c.byState) as [TxnState, number][]) seen.byState[state] = (seen.byState[state] ?? 0) + n;
        for (const [state, x] of Object.entries(c.examples) as [TxnState, CaseExample][])
          if (x.case < (seen.examples[state]?.case ?? Number.POSITIVE_INFINITY)) seen.examples[state] = x;
        for (const x of c.byPoint ?? []) addPoint(seen.byPoint, x);
        if (c.example.case < seen.example.case) seen.example = c.example;
      }
    });
  policies.forEach((p, i) => (p.classes = [...maps[i].values()]));
  const props = properties ?? parts[0].properties.map((p) => ({ line: p.line, verdict: p.verdict }));
  return finish(policies, props, parts[0].fingerprint);
}
