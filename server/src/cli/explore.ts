/**
 * `replscope explore FILE`: every crash point of the scenario under every policy, as outcome classes (text, or `--json`),
 * exit status 1 when a property (`expect always no …`) fails. `--shard I/N` runs a slice, `--merge A.json B.json …`
 * joins the slices into the result of the whole.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { CRASH_MODES, crashPointText, type CrashMode } from '../explore/crash-points';
import { explore, mergeExplorations, planExploration, type Exploration, type Shard } from '../explore/explore';
import { classRank, classText, SEVERITY_ORDER } from '../explore/outcome';
import { exploreInPool } from '../explore/pool';
import { explorePolicies, policyText } from '../explore/policies';
import { renderExplorationHtml } from '../explore/heatmap';
import { variantFile } from '../explore/variant-file';
import { TXN_STATES } from '../model/states';
import { collected, type Collected } from './collect';
import type { CliCommand, OptionValues } from './command';

export const exploreUsage = `       replscope explore FILE [--vary SETTING=V1,V2]… [--crash SERVER,…] [--kind process,host]
                              [--shard I/N] [--jobs N] [--json] [-o OUT.json] [--html OUT.html]
       replscope explore FILE [--vary …] [--crash …] [--kind …] --case N [-o OUT.repl]
       replscope explore --merge A.json B.json… [--json] [-o OUT.json] [--html OUT.html]

  explore FILE  run a variant per crash point (each state a transaction reaches × each server × process/host crash)
                and group them into outcome classes; exit 1 when an \`expect always no …\` property fails
    --vary S=V1,V2  compare values of a setting (repeatable: the cross product; also \`explore S in (…)\` in the file)
    --crash S,…     crash only these servers        --kind K,…  only these crash kinds (process, host)
    --shard I/N     run the I-th of N slices        --merge     join the slices' JSON into the whole result
    --jobs N        worker threads (default: the cores)
    --json          print the result as JSON        -o OUT      also write the JSON to OUT
    --html OUT      also write the matrix as a heat map page (no network; rows open to transactions and servers)
    --case N        write crash point N (a class's \`example.case\`) as a .repl file of its own instead
`;

/** `replscope explore`, for the command line's dispatch table. */
export const exploreCommand: CliCommand = {
  summary: 'run a variant per crash point and group the outcomes into classes (a heat map with --html)',
  help: `usage: ${exploreUsage.trimStart()}`,
  options: {
    vary: { type: 'string', multiple: true },
    crash: { type: 'string' },
    kind: { type: 'string' },
    shard: { type: 'string' },
    jobs: { type: 'string' },
    json: { type: 'boolean' },
    merge: { type: 'boolean' },
    out: { type: 'string', short: 'o' },
    html: { type: 'string' },
    case: { type: 'string' },
  },
  async run(ctx) {
    const io = collected();
    const code = await exploreMain(ctx.values, ctx.positionals, io);
    await io.flush(ctx);
    return code;
  },
};

/** Runs `replscope explore` on its parsed options, writing to `io`; resolves to the exit status. */
async function exploreMain(values: OptionValues, positionals: string[], io: Collected): Promise<number> {
  const flags = parseFlags(values, positionals);
  if (typeof flags === 'string') {
    io.err(`${flags}\nusage: ${exploreUsage.trimStart()}`);
    return 2;
  }
  let result: Exploration;
  let file = flags.files[0];
  if (flags.merge) {
    try {
      result = mergeExplorations(flags.files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as Exploration));
    } catch (e) {
      io.err(`cannot merge: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
    file = flags.files.join(' + ');
  } else {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      io.err(`${file}: cannot read: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
    const setup = explorePolicies(text, flags.vary);
    if (setup.errors.length > 0) {
      for (const e of setup.errors) io.err(`${file}: ${e}\n`);
      return 1;
    }
    const unknown = flags.servers?.filter((s) => !setup.policies[0]?.scenario.servers.some((c) => c.name === s));
    if (unknown && unknown.length > 0) {
      io.err(`${file}: --crash: no server ${unknown.join(', ')}\n`);
      return 2;
    }
    const options = {
      ...(flags.modes ? { modes: flags.modes } : {}),
      ...(flags.servers ? { servers: flags.servers } : {}),
      ...(flags.shard ? { shard: flags.shard } : {}),
    };
    if (flags.case !== undefined) return writeCase(io, file, text, setup.policies, options, flags.case, flags.out);
    const started = performance.now();
    result =
      flags.jobs <= 1
        ? explore(setup.policies, setup.properties, options)
        : await exploreInPool(setup.policies, setup.properties, {
            ...options,
            jobs: flags.jobs,
            workerPath: join(__dirname, 'explore-worker.js'),
          });
    const seconds = (performance.now() - started) / 1000;
    if (!flags.json) io.err(`${file}: ${result.cases} crash points in ${seconds.toFixed(2)} s (${Math.round(result.cases / seconds)}/s)\n`);
  }
  const json = `${JSON.stringify(result, null, 1)}\n`;
  if (flags.out !== undefined) {
    try {
      writeFileSync(flags.out, json);
    } catch (e) {
      io.err(`${flags.out}: cannot write: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
  }
  if (flags.html !== undefined) {
    try {
      writeFileSync(flags.html, renderExplorationHtml(result, file));
    } catch (e) {
      io.err(`${flags.html}: cannot write: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
  }
  if (flags.json) io.json(json);
  else io.out(report(file, result));
  return result.properties.some((p) => !p.holds) ? 1 : 0;
}

/** `--case N`: the variant of case N as a file (on standard output, or written to OUT). */
function writeCase(
  io: Collected,
  file: string,
  text: string,
  policies: Parameters<typeof planExploration>[0],
  options: Parameters<typeof planExploration>[1],
  index: number,
  out: string | undefined,
): number {
  const plan = planExploration(policies, { ...options, shard: undefined });
  const found = plan.cases.find((c) => c.index === index);
  if (!found) {
    io.err(`${file}: no case ${index} (there are ${plan.cases.length}, from 0)\n`);
    return 2;
  }
  const variant = variantFile(text, { case: index, settings: policies[found.policy].settings, crashPoint: found.point });
  if (out === undefined) {
    io.out(variant);
    return 0;
  }
  try {
    writeFileSync(out, variant);
  } catch (e) {
    io.err(`${out}: cannot write: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  return 0;
}

interface Flags {
  files: string[];
  vary: string[];
  servers?: string[];
  modes?: CrashMode[];
  shard?: Shard;
  jobs: number;
  json: boolean;
  merge: boolean;
  out?: string;
  html?: string;
  case?: number;
}

/** The flags from parseArgs' values (strict already: only the declared options, each of its type), checked. */
function parseFlags(values: OptionValues, positionals: string[]): Flags | string {
  const text = (name: string): string | undefined => (typeof values[name] === 'string' ? values[name] : undefined);
  const flags: Flags = {
    files: positionals,
    vary: (Array.isArray(values.vary) ? values.vary : []).filter((v): v is string => typeof v === 'string'),
    jobs: availableParallelism(),
    json: values.json === true,
    merge: values.merge === true,
    out: text('out'),
    html: text('html'),
  };
  const crash = text('crash');
  if (crash !== undefined) flags.servers = crash.split(',');
  const kind = text('kind');
  if (kind !== undefined) {
    const modes = kind.split(',');
    const bad = modes.find((m) => !(CRASH_MODES as readonly string[]).includes(m));
    if (bad) return `--kind: '${bad}' is not process or host`;
    flags.modes = modes as CrashMode[];
  }
  const shard = text('shard');
  if (shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(shard);
    const index = Number(m?.[1]);
    const count = Number(m?.[2]);
    if (!m || index < 1 || index > count) return '--shard: write I/N with 1 ≤ I ≤ N';
    flags.shard = { index, count };
  }
  const caseText = text('case');
  if (caseText !== undefined) {
    const n = Number(caseText);
    if (!Number.isInteger(n) || n < 0) return '--case: a case number (0, 1, …)';
    flags.case = n;
  }
  const jobs = text('jobs');
  if (jobs !== undefined) {
    const n = Number(jobs);
    if (!Number.isInteger(n) || n < 1) return '--jobs: a whole number ≥ 1';
    flags.jobs = n;
  }
  if (flags.merge ? flags.files.length < 1 : flags.files.length !== 1) return flags.merge ? '--merge needs the slices' : 'one FILE';
  return flags;
}

/** The result for a person: the classes of each policy with an example each, the matrix, and the properties. */
function report(file: string, r: Exploration): string {
  const out: string[] = [];
  out.push(
    `${file}: ${r.cases} crash points, ${r.skipped} skipped (never reached, or the server already down), ${r.classes.length} outcome classes`,
  );
  for (const p of r.policies) {
    out.push('', `policy ${policyText(p.settings)}: ${p.cases} crash points, ${p.classes.length} classes`);
    for (const c of p.classes)
      out.push(`  ${String(c.count).padStart(5)}  ${classText(c)}`, `         e.g. ${crashPointText(c.example.crashPoint)}`);
  }
  if (r.policies.length > 0) {
    out.push('', 'worst outcome by pipeline state (cases with it / cases):');
    const columns = r.policies.map((p) => policyText(p.settings));
    const rows: { state: string; cells: string[] }[] = [];
    for (const state of TXN_STATES) {
      const cells = r.policies.map((p) => {
        const here = p.classes.filter((c) => (c.byState[state.name] ?? 0) > 0);
        const total = here.reduce((n, c) => n + (c.byState[state.name] ?? 0), 0);
        if (total === 0) return '-';
        const rank = here.reduce((r, c) => Math.min(r, classRank(c)), Number.POSITIVE_INFINITY);
        const worst = here.filter((c) => classRank(c) === rank).reduce((n, c) => n + (c.byState[state.name] ?? 0), 0);
        const name = rank < 0 ? 'internal error' : (SEVERITY_ORDER[rank] ?? 'clean');
        return `${name} ${worst}/${total}`;
      });
      if (cells.some((c) => c !== '-')) rows.push({ state: state.name, cells });
    }
    // Every column as wide as its widest header or cell, two spaces apart.
    const width = [...columns, ...rows.flatMap((row) => row.cells)].reduce((w, c) => Math.max(w, c.length + 2), 0);
    out.push(`${''.padEnd(18)}${columns.map((c) => c.padEnd(width)).join('')}`.trimEnd());
    for (const row of rows) out.push(`${row.state.padEnd(18)}${row.cells.map((c) => c.padEnd(width)).join('')}`.trimEnd());
  }
  for (const p of r.properties) {
    const where = p.counterexample
      ? `: broken at \`${crashPointText(p.counterexample.crashPoint)}\` (policy ${policyText(p.counterexample.settings)})`
      : ' holds at every crash point';
    out.push('', `${file}:${p.line + 1}: ${p.holds ? 'note' : 'error'}: expect always no ${p.verdict}${where}`);
  }
  return `${out.join('\n')}\n`;
}
