/**
 * The formatter: one canonical spacing per construct, nothing else. It works on tokens, line by line, so it
 * also formats a file with syntax errors, and it keeps every line where it is (comments, blank lines and line
 * numbers stay): only the spaces between tokens and the indentation of continuation lines change.
 *
 * - `name=value` is tight in settings (`{ … }`, `set`) and row patterns (`t(id=2)`); `=` and comparisons are
 *   spaced elsewhere (`v = v + 1`, `expect m1 X = OFF`).
 * - `->` spaced; `:`, `,` and `;` tight before, one space after (`'mysql-bin.000001':4` stays tight).
 * - `{ a b }` with inner spaces; `( … )` without; `(` tight after a column type (`varchar(20)`), a table in an
 *   expectation (`t(id=2)`), `count` and `now()`.
 * - A trailing comment keeps its column when the code still fits before it, else it follows two spaces after.
 *
 * Formatting never changes meaning: a line whose new text would not lex to the same tokens is left as it was,
 * and so is a line with a lexing error. Formatting formatted text changes nothing.
 */
import type { IToken, TokenType } from 'chevrotain';
import { splitItems } from './split-items';
import * as T from './tokens';

interface Place {
  item: IToken[];
  index: number;
}

/** The formatted file, with the same line breaks as `text`. */
export function formatRepl(text: string): string {
  const breaks = text.match(/\r\n|\r|\n/g) ?? [];
  return formattedLines(text)
    .map((line, i) => line + (breaks[i] ?? ''))
    .join('');
}

/** The formatted content of each line of `text` (split on CRLF, CR or LF, as LSP counts lines; same number of lines). */
export function formattedLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  const lexed = T.replLexer.tokenize(text);
  const errorLines = new Set(lexed.errors.map((e) => (e.line ?? 1) - 1));
  const tokens = lexed.tokens;
  const comments = lexed.groups['comments'] ?? [];

  const place = new Map<IToken, Place>();
  for (const item of splitItems(tokens)) item.forEach((t, index) => place.set(t, { item, index }));

  const codeByLine = new Map<number, IToken[]>();
  for (const t of tokens) {
    const l = lineOf(t);
    const list = codeByLine.get(l);
    if (list) list.push(t);
    else codeByLine.set(l, [t]);
  }
  const commentByLine = new Map(comments.map((c) => [lineOf(c), c]));

  return lines.map((original, l) => {
    if (errorLines.has(l)) return original;
    const code = codeByLine.get(l) ?? [];
    const comment = commentByLine.get(l);
    if (code.length === 0 && !comment) return '';
    let out: string;
    if (code.length === 0) {
      out = ' '.repeat(commentIndent(tokens, place, l)) + (comment as IToken).image.trimEnd();
    } else {
      out = ' '.repeat(indentOf(code[0], place)) + joinLine(code, place);
      if (comment) {
        const column = (comment.startColumn ?? 1) - 1;
        const at = column >= out.length + 1 ? column : out.length + 2;
        out = out.padEnd(at) + comment.image.trimEnd();
      }
    }
    return sameTokens(original, out) ? out : original;
  });
}

function lineOf(t: IToken): number {
  return (t.startLine ?? 1) - 1;
}

/** Open brackets of the item before the token at `index`. */
function openBrackets(item: IToken[], index: number): IToken[] {
  const stack: IToken[] = [];
  for (let i = 0; i < index; i++) {
    const t = item[i];
    if (t.tokenType === T.LBrace || t.tokenType === T.LParen) stack.push(t);
    else if ((t.tokenType === T.RBrace || t.tokenType === T.RParen) && stack.length > 0) stack.pop();
  }
  return stack;
}

/** Two spaces per open bracket for a line that continues an item; none for a line that starts one. */
function indentOf(first: IToken, place: Map<IToken, Place>): number {
  const p = place.get(first);
  if (!p || p.index === 0) return 0;
  let depth = openBrackets(p.item, p.index).length;
  if (first.tokenType === T.RBrace || first.tokenType === T.RParen) depth--;
  return 2 * Math.max(depth, 0);
}

/** A comment on a line of its own is indented like the code it sits in: inside an item's brackets, or not at all. */
function commentIndent(tokens: IToken[], place: Map<IToken, Place>, line: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lineOf(tokens[mid]) <= line) lo = mid + 1;
    else hi = mid;
  }
  const before = tokens[lo - 1];
  const after = tokens[lo];
  if (!before || !after) return 0;
  const a = place.get(before);
  const b = place.get(after);
  if (!a || !b || a.item !== b.item) return 0;
  // Before a closing bracket the comment is still inside it: no dedent, unlike the bracket itself.
  return 2 * openBrackets(b.item, b.index).length;
}

function joinLine(code: IToken[], place: Map<IToken, Place>): string {
  let out = code[0].image;
  for (let i = 1; i < code.length; i++) {
    const t = code[i];
    out += gap(code[i - 1], t, place) + t.image;
  }
  return out;
}

const is = (t: IToken | undefined, ...types: TokenType[]) => t !== undefined && types.includes(t.tokenType);

/** The tokens around `t` in its item. */
function neighbour(t: IToken, place: Map<IToken, Place>, offset: number): IToken | undefined {
  const p = place.get(t);
  return p?.item[p.index + offset];
}

/** Where the item's action starts: after `at 1s:` / `after 1s:` or a trigger's `on T2 state:`. */
function actionStart(item: IToken[]): number {
  const first = item[0];
  if (is(first, T.At, T.After)) return is(item[2], T.Colon) ? 3 : 0;
  if (is(first, T.On)) return item.findIndex((t) => t.tokenType === T.Colon) + 1;
  return 0;
}

/** `=` without spaces: settings in braces or after `set`, and row patterns of expectations. */
function tightEquals(t: IToken, place: Map<IToken, Place>): boolean {
  const p = place.get(t);
  if (!p) return false;
  const open = openBrackets(p.item, p.index);
  const innermost = open[open.length - 1];
  if (is(innermost, T.LBrace)) return true;
  if (is(p.item[actionStart(p.item)], T.SetKw)) return true;
  return is(p.item[0], T.Expect) && is(innermost, T.LParen);
}

/**
 * A `(` that gives a column type its length in a client's DDL: inside `create table t (…)`, or after the type of
 * `alter table t add column c varchar(20)`, written `varchar(20)` as in a table declaration.
 */
function isColumnTypeInDdl(p: Place): boolean {
  const before = p.item.slice(0, p.index);
  const create = before.findIndex((t) => is(t, T.Create));
  if (create >= 0 && is(before[create + 1], T.Table)) return openBrackets(p.item, p.index).length > 0;
  return before.some((t) => is(t, T.Alter)) && before.some((t) => is(t, T.Add));
}

/** The spaces between two tokens on one line. */
function gap(prev: IToken, next: IToken, place: Map<IToken, Place>): string {
  if (is(next, T.Comma, T.Semicolon, T.Colon, T.RParen)) return '';
  if (is(prev, T.LParen)) return '';
  if (is(prev, T.Colon)) return is(neighbour(prev, place, -1), T.StringLit) && is(next, T.Int) ? '' : ' ';
  if (is(prev, T.LBrace) || is(next, T.RBrace)) return ' ';
  if (is(next, T.Dot)) return is(prev, T.Name) && is(neighbour(next, place, 1), T.Name) ? '' : ' ';
  if (is(prev, T.Dot)) return is(next, T.Name) && is(neighbour(prev, place, -1), T.Name) ? '' : ' ';
  if (is(next, T.LParen)) {
    if (is(prev, T.Count, T.Now)) return '';
    const p = place.get(next);
    const inTable = is(p?.item[0], T.Table) && p !== undefined && openBrackets(p.item, p.index).length > 0;
    return is(prev, T.Name) && (inTable || is(p?.item[0], T.Expect) || (p !== undefined && isColumnTypeInDdl(p))) ? '' : ' ';
  }
  if (is(next, T.Equals)) return tightEquals(next, place) ? '' : ' ';
  if (is(prev, T.Equals)) return tightEquals(prev, place) ? '' : ' ';
  if (is(prev, T.Minus) && is(next, T.Int, T.NumberLit, T.Duration)) {
    // A sign (`-1`, `= -2`), not a subtraction (`v - 1`).
    const before = neighbour(prev, place, -1);
    return is(before, T.Name, T.Int, T.NumberLit, T.RParen) ? ' ' : '';
  }
  return ' ';
}

/** The new line lexes to the same tokens as the old one (comments compared without trailing spaces). */
function sameTokens(original: string, formatted: string): boolean {
  if (original === formatted) return true;
  const a = T.replLexer.tokenize(original);
  const b = T.replLexer.tokenize(formatted);
  if (a.errors.length > 0 || b.errors.length > 0) return false;
  const words = (r: typeof a) =>
    [...r.tokens, ...(r.groups['comments'] ?? [])]
      .sort((x, y) => x.startOffset - y.startOffset)
      .map((t) => `${t.tokenType.name}\u0000${t.image.trimEnd()}`)
      .join('\u0001');
  return words(a) === words(b);
}
