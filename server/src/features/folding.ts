/**
 * Folding: multi-line `{ … }` and `( … )`, runs of comment lines, and sections — the runs of lines between
 * blank lines, the way a scenario is usually laid out (topology, schema, script, expectations).
 */
import { FoldingRangeKind, type FoldingRange, type FoldingRangeParams } from 'vscode-languageserver';
import type { IToken } from 'chevrotain';
import type { Analysis } from '../language/analyze';
import { splitItems } from '../language/split-items';
import * as T from '../language/tokens';
import type { Feature } from '../server';
import { requestDocument } from './params';

const line = (t: IToken) => (t.startLine ?? 1) - 1;

/** The folding ranges of an analysed file, sorted by start line, at most one per start line. */
export function foldingRanges(analysis: Analysis): FoldingRange[] {
  const { tokens, comments } = analysis.parse;
  const items = splitItems(tokens);
  const ranges: FoldingRange[] = [...bracketRanges(items), ...commentRuns(tokens, comments)];
  const taken = new Set(ranges.map((r) => r.startLine));
  for (const r of sections(items, tokens, comments)) if (!taken.has(r.startLine)) ranges.push(r);
  return ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

/** Brackets that open and close on different lines, matched within each item (an unclosed one folds nothing). */
function bracketRanges(items: IToken[][]): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const item of items) {
    const open: IToken[] = [];
    item.forEach((t, i) => {
      if (t.tokenType === T.LBrace || t.tokenType === T.LParen) open.push(t);
      else if (t.tokenType === T.RBrace || t.tokenType === T.RParen) {
        const o = open.pop();
        if (!o || line(t) === line(o)) return;
        // Keep a closing bracket that starts its line visible, as editors do for `}`.
        const firstOnLine = i === 0 || line(item[i - 1]) < line(t);
        const endLine = firstOnLine ? line(t) - 1 : line(t);
        if (endLine > line(o)) out.push({ startLine: line(o), endLine });
      }
    });
  }
  return out;
}

/** Two or more consecutive lines holding nothing but a comment. */
function commentRuns(tokens: IToken[], comments: IToken[]): FoldingRange[] {
  const codeLines = new Set(tokens.map(line));
  const lines = comments.map(line).filter((l) => !codeLines.has(l));
  const out: FoldingRange[] = [];
  let start = -1;
  lines.forEach((l, i) => {
    if (start < 0) start = l;
    const next = lines[i + 1];
    if (next !== l + 1) {
      if (l > start) out.push({ startLine: start, endLine: l, kind: FoldingRangeKind.Comment });
      start = -1;
    }
  });
  return out;
}

/** Runs of non-blank lines separated by blank lines that are not inside an item. */
function sections(items: IToken[][], tokens: IToken[], comments: IToken[]): FoldingRange[] {
  const used = [...new Set([...tokens, ...comments].map(line))].sort((a, b) => a - b);
  // A blank line inside a multi-line item does not end a section.
  const inside = new Set<number>();
  for (const item of items) {
    const first = line(item[0]);
    const last = line(item[item.length - 1]);
    for (let l = first + 1; l < last; l++) inside.add(l);
  }
  const out: FoldingRange[] = [];
  let start = used[0];
  used.forEach((l, i) => {
    const next = used[i + 1];
    let gapIsBlank = false;
    if (next !== undefined) for (let g = l + 1; g < next; g++) if (!inside.has(g)) gapIsBlank = true;
    if (next === undefined || gapIsBlank) {
      if (start !== undefined && l > start) out.push({ startLine: start, endLine: l, kind: FoldingRangeKind.Region });
      start = next;
    }
  });
  return out;
}

export const folding: Feature = {
  capabilities: { foldingRangeProvider: true },
  register(ctx) {
    ctx.connection.onFoldingRanges(
      ctx.guard('foldingRange', [], (params: FoldingRangeParams): FoldingRange[] => {
        const document = requestDocument(ctx, params);
        return document ? foldingRanges(ctx.analyses.get(document)) : [];
      }),
    );
  },
};
