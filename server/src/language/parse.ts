/**
 * Text → tokens → items → CST → AST. Never throws: lexing and parsing problems come back as diagnostics,
 * at most one per item, so one typo gives one error and the rest of the file is still read.
 *
 * Incremental: an item is parsed on its own, so one whose text and position did not change since the previous
 * version of the document is taken from that version's parse as it was (its tree and its syntax error). A keystroke
 * re-parses the item it lands in, and the items after it only if it moved them to other lines. The trees are
 * shared between versions: nothing after the parse changes them.
 */
import type { IToken } from 'chevrotain';
import type { ReplFile } from './ast';
import { buildItem, tokenRange } from './build-ast';
import { boundedMessage, type ReplDiagnostic } from './diagnostic';
import { parseItem, parser } from './parser';
import { splitItems } from './split-items';
import { replLexer } from './tokens';

/** One item's parse: its tree (none when nothing could be built) and its first syntax error. */
interface ParsedItem {
  item: ReplFile['items'][number] | undefined;
  error: ReplDiagnostic | undefined;
}

/** Each item's parse, by its position and text (see `itemKey`). */
export type ItemCache = Map<string, ParsedItem>;

export interface ParseResult {
  file: ReplFile;
  /** This version's items, for the next version's parse to take the unchanged ones from. */
  items: ItemCache;
  diagnostics: ReplDiagnostic[];
  /** Every token but comments and white space, in order. */
  tokens: IToken[];
  comments: IToken[];
}

/**
 * An item's identity across versions: where it starts and its text from its first token to its last. The same text at
 * the same line and column lexes into the same tokens and parses into the same tree, with the same ranges.
 */
function itemKey(tokens: IToken[], text: string): string {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  return `${first.startLine}:${first.startColumn}:${text.slice(first.startOffset, (last.endOffset ?? last.startOffset) + 1)}`;
}

function parseOne(itemTokens: IToken[], text: string): ParsedItem {
  const cst = parseItem(itemTokens);
  const [error] = parser.errors;
  let diagnostic: ReplDiagnostic | undefined;
  if (error) {
    const last = itemTokens[itemTokens.length - 1];
    const atEnd = Number.isNaN(error.token.startOffset);
    const range = atEnd ? { start: tokenRange(last).end, end: tokenRange(last).end } : tokenRange(error.token);
    diagnostic = { range, severity: 'error', code: 'syntax', message: boundedMessage(error.message) };
  }
  return { item: buildItem(cst, text), error: diagnostic };
}

/** Parses `text`, taking the items that did not change from `previous` (the parse of the document's last version). */
export function parseRepl(text: string, previous?: ItemCache): ParseResult {
  const lexed = replLexer.tokenize(text);
  const diagnostics: ReplDiagnostic[] = lexed.errors.map((e) => {
    const start = { line: (e.line ?? 1) - 1, character: (e.column ?? 1) - 1 };
    const bad = text.substr(e.offset, e.length);
    return {
      range: { start, end: { line: start.line, character: start.character + Math.max(1, e.length) } },
      severity: 'error',
      code: 'syntax',
      message:
        bad.startsWith("'") || bad.startsWith('"') ? 'unterminated string' : `unexpected character ${JSON.stringify(bad.slice(0, 10))}`,
    };
  });
  const lexErrorLines = new Set(diagnostics.map((d) => d.range.start.line));
  const items: ReplFile['items'] = [];
  const parsed: ItemCache = new Map();
  for (const itemTokens of splitItems(lexed.tokens)) {
    const key = itemKey(itemTokens, text);
    const { item, error } = previous?.get(key) ?? parseOne(itemTokens, text);
    parsed.set(key, { item, error });
    // A line with a lexing error has that error only: the parse error it causes would say the same again.
    if (error && !lexErrorLines.has((itemTokens[0].startLine ?? 1) - 1)) diagnostics.push(error);
    if (item) items.push(item);
  }
  return { file: { items }, items: parsed, diagnostics, tokens: lexed.tokens, comments: lexed.groups['comments'] ?? [] };
}
