/**
 * Shrink: the smallest file that still shows a verdict. Delta debugging (Zeller's ddmin, greedily) over what a file is
 * made of, coarse to fine: whole clients and replicas (with every line that names them), then lines (steps,
 * transactions, triggers, expectations, declarations), then the settings inside a server's braces and the statements of
 * a client step. A candidate is kept when it still checks without errors and its run still has a verdict of the kind
 * (about a transaction, when the original verdict was). Transactions are first given their names explicitly
 * (`… as T3`), so that removing T1 does not rename T3 and break `on T3 …` or `retry T3`.
 */
import type * as A from '../language/ast';
import { analyze } from '../language/analyze';
import { formatRepl } from '../language/format';
import { splitItems } from '../language/split-items';
import { replLexer } from '../language/tokens';
import type { VerdictKind } from '../model/scenario';
import { runSummary } from '../run';
import type { Verdict } from '../trace/trace';

export interface ShrinkOptions {
  /** The most candidate runs to try (default 5000). */
  maxTests?: number;
  /** Where the file came from, for the header comment. */
  source?: string;
}

export interface ShrinkResult {
  /** The shrunk file, formatted, with a header comment that says what was removed. */
  text: string;
  /** The verdict as the shrunk file's run gives it. */
  verdict: Verdict;
  removed: { lines: number; settings: number; statements: number };
  /** Candidate runs tried. */
  tests: number;
}

/** One item of the file on one line, cut into the parts that can go one by one (settings, statements). */
interface Unit {
  head: string;
  parts: string[];
  tail: string;
  /** How the parts are written back: `{ a b }` settings or `a; b` statements. */
  kind: 'settings' | 'statements' | 'whole';
}

/** The shrunk file, or why the file cannot be shrunk for this verdict. */
export function shrink(text: string, kind: VerdictKind, options: ShrinkOptions = {}): ShrinkResult | { error: string } {
  const original = analyze(text);
  if (!original.runnable) return { error: 'the file has errors: fix them first' };
  const first = runSummary(original.scenario).verdicts.find((v) => v.kind === kind);
  if (!first) return { error: `its run shows no ${kind}` };
  const aboutTxn = first.txn !== undefined;
  const maxTests = options.maxTests ?? 5000;
  let tests = 0;
  const holds = (candidate: string): Verdict | undefined => {
    if (tests >= maxTests) return undefined;
    tests++;
    const a = analyze(candidate);
    if (!a.runnable) return undefined;
    const run = runSummary(a.scenario);
    if (run.internalError) return undefined;
    return run.verdicts.find((v) => v.kind === kind && (v.txn !== undefined) === aboutTxn);
  };

  const named = nameTransactions(oneItemPerLine(text));
  let units = named.split('\n').map(unitOf);
  const render = (us: Unit[]) => `${us.map(renderUnit).join('\n')}\n`;
  if (!holds(render(units))) return { error: `the file shows ${kind} only as written (naming its transactions changed the run)` };
  const before = { lines: units.length, parts: countParts(units) };

  // Coarse to fine, until a whole round removes nothing.
  for (let changed = true; changed && tests < maxTests;) {
    changed = false;
    for (const group of groups(units)) {
      const kept = units.filter((_, i) => !group.has(i));
      if (kept.length < units.length && holds(render(kept))) {
        units = kept;
        changed = true;
        break;
      }
    }
    if (changed) continue;
    const lines = ddmin(units, (us) => holds(render(us)) !== undefined);
    if (lines.length < units.length) {
      units = lines;
      changed = true;
    }
    for (let i = 0; i < units.length; i++) {
      const unit = units[i];
      if (unit.kind === 'whole') continue;
      const parts = ddmin(unit.parts, (ps) => {
        if (ps.length === 0) return false;
        const trial = [...units];
        trial[i] = { ...unit, parts: ps };
        return holds(render(trial)) !== undefined;
      });
      if (parts.length < unit.parts.length) {
        units[i] = { ...unit, parts };
        changed = true;
      }
    }
  }
  const body = render(units);
  const verdict = holds(body) ?? first;
  const settingsBefore = before.parts.settings;
  const removed = {
    lines: before.lines - units.length,
    settings: settingsBefore - countParts(units).settings,
    statements: before.parts.statements - countParts(units).statements,
  };
  const header = [
    `# Shrunk by replscope shrink --verdict ${kind}${options.source ? ` from ${options.source}` : ''}: removed ${removed.lines} of ${before.lines} lines,`,
    `# ${removed.settings} server setting${removed.settings === 1 ? '' : 's'} and ${removed.statements} statement${removed.statements === 1 ? '' : 's'}; comments dropped.`,
    `# What still happens: ${verdict.message}`,
  ];
  return { text: formatRepl(`${header.join('\n')}\n${body}`), verdict, removed, tests };
}

/** ddmin, greedy: try to drop chunks of `n/2`, `n/4`, … down to single elements, keeping every drop that `ok` accepts. */
function ddmin<T>(items: T[], ok: (kept: T[]) => boolean): T[] {
  let current = items;
  for (let size = Math.max(1, Math.floor(current.length / 2)); size >= 1; size = Math.floor(size / 2)) {
    for (let start = 0; start < current.length;) {
      const kept = [...current.slice(0, start), ...current.slice(start + size)];
      if (kept.length < current.length && ok(kept)) current = kept;
      else start += size;
    }
  }
  return current;
}

/** The file with comments and blank lines gone and every item on one line. */
function oneItemPerLine(text: string): string {
  const lexed = replLexer.tokenize(text);
  return splitItems(lexed.tokens)
    .map((tokens) =>
      tokens
        .map((t, i) => {
          const prev = tokens[i - 1];
          if (!prev) return t.image;
          const gap = prev.endLine === t.startLine ? text.slice((prev.endOffset ?? 0) + 1, t.startOffset) : ' ';
          return gap + t.image;
        })
        .join(''),
    )
    .join('\n');
}

/** Every writing transaction named with `as` on the step that writes its last statement, unless it has a name already. */
function nameTransactions(text: string): string {
  const analysis = analyze(text);
  const lines = text.split('\n');
  for (const item of analysis.parse.file.items) {
    if (item.kind !== 'step' || item.action.kind !== 'clientStep' || item.action.txnName) continue;
    const line = item.range.start.line;
    const plans = analysis.scenario.transactions.filter((t) => t.statements.some((s) => s.line === line));
    const last = plans[plans.length - 1];
    if (!last || last.readOnly || !analysis.symbols.declarations.get(`txn:${last.id}`)?.implicit) continue;
    const nowait = item.action.nowait ? ' nowait' : '';
    const body = nowait ? lines[line].replace(/\s+nowait\s*$/i, '') : lines[line];
    lines[line] = `${body} as ${last.id}${nowait}`;
  }
  return lines.join('\n');
}

function unitOf(line: string): Unit {
  const item = analyze(line).parse.file.items[0];
  const slice = (r: A.Range) => line.slice(r.start.character, r.end.character);
  if (item?.kind === 'server' && item.settings.length > 0) {
    const brace = line.indexOf('{');
    return { head: line.slice(0, brace).trimEnd(), parts: item.settings.map((s) => slice(s.range)), tail: '', kind: 'settings' };
  }
  if (item?.kind === 'step' && item.action.kind === 'clientStep' && item.action.statements.length > 1) {
    const statements = item.action.statements;
    const first = statements[0].range.start.character;
    const last = statements[statements.length - 1].range.end.character;
    return { head: line.slice(0, first), parts: statements.map((s) => slice(s.range)), tail: line.slice(last), kind: 'statements' };
  }
  return { head: line, parts: [], tail: '', kind: 'whole' };
}

function renderUnit(u: Unit): string {
  if (u.kind === 'settings') return `${u.head} { ${u.parts.join(' ')} }`;
  if (u.kind === 'statements') return `${u.head}${u.parts.join('; ')}${u.tail}`;
  return u.head;
}

function countParts(units: Unit[]): { settings: number; statements: number } {
  let settings = 0;
  let statements = 0;
  for (const u of units) {
    if (u.kind === 'settings') settings += u.parts.length;
    if (u.kind === 'statements') statements += u.parts.length;
  }
  return { settings, statements };
}

/** Each client and each server with every line that names it (its declaration, steps, links, triggers, expectations). */
function groups(units: Unit[]): Set<number>[] {
  const text = units.map(renderUnit);
  const analysis = analyze(`${text.join('\n')}\n`);
  const names = [...analysis.scenario.clients.map((c) => c.name), ...analysis.scenario.servers.map((s) => s.name)];
  return names.map((name) => {
    const word = new RegExp(`(^|[^A-Za-z0-9_'"])${name}([^A-Za-z0-9_'"]|$)`);
    return new Set(text.flatMap((line, i) => (word.test(line) ? [i] : [])));
  });
}
