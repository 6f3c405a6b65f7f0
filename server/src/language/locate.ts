/**
 * Finding what is under the cursor: the token, the top-level item and the symbol (declaration or reference).
 * The editor features (hover, go to definition, rename, completion) all start here. Lookups are binary
 * searches or per-analysis indexes, so a request costs little even on a long file.
 */
import type { IToken } from 'chevrotain';
import type { Item, Name, Position, Range } from './ast';
import type { Declaration, Reference, SymbolTable } from './checker/context';
import { roleWords, type RoleWord } from './word-roles';

/** `a` is before `b`, or the same position. */
export function positionLE(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** The position is inside the half-open range, or at its very end (a cursor right after a word is on it). */
export function rangeTouches(range: Range, p: Position): boolean {
  return positionLE(range.start, p) && positionLE(p, range.end);
}

/** The position is inside the range, ends included. Same as `rangeTouches`; named for ranges of whole constructs. */
export const rangeContains = rangeTouches;

/** Zero-based start of a token, as an LSP position. */
export function tokenStart(t: IToken): Position {
  return { line: (t.startLine ?? 1) - 1, character: (t.startColumn ?? 1) - 1 };
}

/** Zero-based end (exclusive) of a token, as an LSP position. */
export function tokenEnd(t: IToken): Position {
  return { line: (t.endLine ?? 1) - 1, character: t.endColumn ?? 1 };
}

/** Index of the first token whose start offset is `>= offset` (`tokens.length` if none). */
export function firstTokenAtOffset(tokens: readonly IToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].startOffset < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first token that starts at or after the position (`tokens.length` if none). */
export function firstTokenFrom(tokens: readonly IToken[], p: Position): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (comparePositions(tokenStart(tokens[mid]), p) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The token under the position: the one that contains it, else the one that ends right there (the cursor is
 * just after a word). `tokens` are sorted, as the lexer returns them.
 */
export function tokenAt(tokens: readonly IToken[], p: Position): IToken | undefined {
  let i = firstTokenFrom(tokens, p);
  if (i < tokens.length && comparePositions(tokenStart(tokens[i]), p) === 0) i++;
  const at = tokens[i - 1];
  const before = tokens[i - 2];
  const contains = (t: IToken | undefined): t is IToken => t !== undefined && positionLE(tokenStart(t), p) && positionLE(p, tokenEnd(t));
  // Between two tokens (`app|:`), the word wins: that is what the user means to hover or rename.
  if (contains(at) && (isWord(at) || !contains(before) || !isWord(before))) return at;
  return contains(before) ? before : undefined;
}

/** A name or a keyword (as opposed to punctuation and literals). */
function isWord(t: IToken): boolean {
  return /^[A-Za-z_]/.test(t.image);
}

/** The top-level item whose range contains the position (items are in file order). */
export function itemAt(items: readonly Item[], p: Position): Item | undefined {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (positionLE(items[mid].range.start, p)) lo = mid + 1;
    else hi = mid;
  }
  // Item ranges do not nest, but a recovered item may be shorter than its line: look at the two nearest.
  for (let i = lo - 1; i >= Math.max(0, lo - 2); i--) {
    const item = items[i];
    if (rangeContains(item.range, p)) return item;
  }
  return undefined;
}

/** The item under the cursor, and inside a loop the step of its body there (what ran on that line), else the loop. */
export function innermostItemAt(items: readonly Item[], p: Position): Item | undefined {
  const item = itemAt(items, p);
  if (item?.kind !== 'loop') return item;
  return innermostItemAt(item.body, p) ?? item;
}

/** A name in the symbol table under the cursor, with the declaration it resolves to. */
export interface SymbolHit {
  reference: Reference;
  declaration: Declaration;
  /** The name under the cursor is the declaration's own name. */
  isDeclaration: boolean;
}

const referencesByLine = new WeakMap<SymbolTable, Map<number, Reference[]>>();

/** The references of a symbol table grouped by line, computed once per analysis. */
function byLine(symbols: SymbolTable): Map<number, Reference[]> {
  let index = referencesByLine.get(symbols);
  if (!index) {
    index = new Map();
    for (const r of symbols.references) {
      const line = r.name.range.start.line;
      const list = index.get(line);
      if (list) list.push(r);
      else index.set(line, [r]);
    }
    referencesByLine.set(symbols, index);
  }
  return index;
}

/** The declared or referenced name at the position, if it resolves to a declaration. */
export function symbolAt(symbols: SymbolTable, p: Position): SymbolHit | undefined {
  for (const reference of byLine(symbols).get(p.line) ?? []) {
    if (!rangeTouches(reference.name.range, p)) continue;
    const declaration = symbols.declarations.get(reference.key);
    if (!declaration) continue;
    return { reference, declaration, isDeclaration: sameRange(declaration.name.range, reference.name.range) };
  }
  return undefined;
}

/** Every occurrence of a symbol: its declaration's name (unless implicit) and every reference, in file order. */
export function occurrences(symbols: SymbolTable, key: string, includeDeclaration: boolean): Name[] {
  const declaration = symbols.declarations.get(key);
  const found: Name[] = [];
  const seen = new Set<string>();
  for (const r of symbols.references) {
    if (r.key !== key) continue;
    const isDeclaration = declaration !== undefined && sameRange(declaration.name.range, r.name.range);
    if (isDeclaration && !includeDeclaration) continue;
    // The same word may be recorded twice (an inline primary key is its column's name): report it once.
    const at = `${r.name.range.start.line}:${r.name.range.start.character}`;
    if (seen.has(at)) continue;
    seen.add(at);
    found.push(r.name);
  }
  // An implicit transaction name is never written: its "declaration" is the statement that begins it.
  if (declaration?.implicit && includeDeclaration) found.unshift(declaration.name);
  return found.sort((a, b) => comparePositions(a.range.start, b.range.start));
}

/** Negative, zero or positive as `a` is before, at or after `b`. */
export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

/** The setting, state, status variable, verdict, outcome, column type or flavor at the position. */
export function roleWordAt(items: readonly Item[], p: Position): { word: RoleWord; item: Item } | undefined {
  const item = itemAt(items, p);
  if (!item) return undefined;
  const word = roleWords(item).find((w) => rangeTouches(w.name.range, p));
  return word && { word, item };
}
