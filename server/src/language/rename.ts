/**
 * Renaming a name the file declares: which names can be renamed, and whether a new name is acceptable.
 * A rename never changes what the file means: it is refused when the new name is a keyword, is taken, or
 * would shift the automatic transaction names (`T1`, `T2`, …) or add an error.
 */
import type { Position, Range } from './ast';
import { analyze, type Analysis } from './analyze';
import type { Declaration } from './checker/context';
import { occurrences, roleWordAt, symbolAt, tokenAt } from './locate';
import { isKeyword, keywords } from './tokens';

export type Refusal = { ok: false; message: string };

/** The word under the cursor can be renamed: its range and current text. */
export type RenameTarget = { ok: true; range: Range; text: string; declaration: Declaration } | Refusal;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const kindWords: Record<Declaration['kind'], string> = {
  server: 'server',
  client: 'client',
  table: 'table',
  column: 'column',
  txn: 'transaction',
  database: 'database',
};

/** Whether the word at the position can be renamed, and if not, why. */
export function renameTarget(analysis: Analysis, position: Position): RenameTarget {
  const hit = symbolAt(analysis.symbols, position);
  if (hit) {
    if (hit.declaration.implicit) {
      return {
        ok: false,
        message: `${hit.declaration.name.text} is an automatic transaction name: name the transaction with \`as NAME\` at the end of its step first`,
      };
    }
    return { ok: true, range: hit.reference.name.range, text: hit.reference.name.text, declaration: hit.declaration };
  }
  const role = roleWordAt(analysis.parse.file.items, position);
  if (role)
    return { ok: false, message: `'${role.word.name.text}' is MySQL's word (a ${roleWhat[role.word.role]}), not a name of this file` };
  const token = tokenAt(analysis.parse.tokens, position);
  if (token && isKeyword(token.tokenType))
    return { ok: false, message: `'${token.image}' is a keyword of the language: only names declared in this file can be renamed` };
  if (token?.tokenType.name === 'Name')
    return { ok: false, message: `'${token.image}' is not declared in this file, so there is nothing to rename` };
  return { ok: false, message: 'nothing to rename here: put the cursor on a server, client, table, column, transaction or database name' };
}

const roleWhat: Record<string, string> = {
  setting: 'setting',
  settingValue: 'setting value',
  state: 'pipeline state',
  variable: 'status variable',
  verdict: 'verdict',
  outcome: 'outcome',
  columnType: 'column type',
  flavor: 'flavor',
};

/** The ranges to overwrite with `newName`, or why the rename is refused. */
export function renameEdits(
  analysis: Analysis,
  text: string,
  position: Position,
  newName: string,
): { ok: true; ranges: Range[] } | Refusal {
  const target = renameTarget(analysis, position);
  if (!target.ok) return target;
  const d = target.declaration;
  if (!NAME.test(newName)) return { ok: false, message: `'${newName}' is not a name: letters, digits and _, not starting with a digit` };
  if (keywords[newName.toLowerCase()]) return { ok: false, message: `'${newName}' is a keyword of the language and cannot be a name` };
  if (newName === target.text) return { ok: true, ranges: [] };
  const taken = takenBy(analysis, d, newName);
  if (taken) {
    const what = taken.implicit
      ? 'an automatic transaction name'
      : `the ${kindWords[taken.kind]} declared on line ${taken.name.range.start.line + 1}`;
    return { ok: false, message: `'${newName}' is already ${what}` };
  }
  const ranges = occurrences(analysis.symbols, d.key, true).map((n) => n.range);
  return checkMeaning(analysis, text, ranges, newName) ?? { ok: true, ranges };
}

/** A declaration that already uses the name where it would clash (columns clash only within their table). */
function takenBy(analysis: Analysis, d: Declaration, newName: string): Declaration | undefined {
  const declarations = analysis.symbols.declarations;
  if (d.kind === 'column') return declarations.get(`${d.key.slice(0, d.key.lastIndexOf('.') + 1)}${newName}`);
  for (const kind of ['server', 'client', 'txn', 'table', 'database'] as const) {
    const other = declarations.get(`${kind}:${newName}`);
    if (other) return other;
  }
  return undefined;
}

/** Applies the rename to a copy of the text and refuses it if the automatic names or the errors change. */
function checkMeaning(before: Analysis, text: string, ranges: Range[], newName: string): Refusal | undefined {
  const after = analyze(applyEdits(text, ranges, newName));
  const implicit = (a: Analysis) =>
    [...a.symbols.declarations.values()]
      .filter((x) => x.implicit)
      .map((x) => `${x.name.text}@${x.name.range.start.line}`)
      .join(' ');
  if (implicit(before) !== implicit(after)) {
    return {
      ok: false,
      message: `'${newName}' would change the automatic transaction names (T1, T2, …) that other lines refer to: choose another name`,
    };
  }
  const errors = (a: Analysis) => a.diagnostics.filter((x) => x.severity === 'error');
  const added = errors(after).filter((x) => !errors(before).some((y) => y.code === x.code && y.range.start.line === x.range.start.line));
  const first = added[0];
  if (first)
    return { ok: false, message: `renaming to '${newName}' would give an error on line ${first.range.start.line + 1}: ${first.message}` };
  return undefined;
}

/** The text with every range (on one line each, not overlapping) replaced by `newText`. */
export function applyEdits(text: string, ranges: Range[], newText: string): string {
  // Lines as LSP counts them (CRLF, CR or LF), each break kept as it was.
  const parts = text.split(/(\r\n|\r|\n)/);
  const sorted = [...ranges].sort((a, b) => b.start.line - a.start.line || b.start.character - a.start.character);
  for (const r of sorted) {
    const line = parts[r.start.line * 2];
    if (line === undefined || r.end.line !== r.start.line) continue;
    parts[r.start.line * 2] = line.slice(0, r.start.character) + newText + line.slice(r.end.character);
  }
  return parts.join('');
}
