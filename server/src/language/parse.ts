/**
 * Text → tokens → items → CST → AST. Never throws: lexing and parsing problems come back as diagnostics,
 * at most one per item, so one typo gives one error and the rest of the file is still read.
 */
import type { IToken } from 'chevrotain';
import type { ReplFile } from './ast';
import { buildItem, tokenRange } from './build-ast';
import { boundedMessage, type ReplDiagnostic } from './diagnostic';
import { parseItem, parser } from './parser';
import { splitItems } from './split-items';
import { replLexer } from './tokens';

export interface ParseResult {
  file: ReplFile;
  diagnostics: ReplDiagnostic[];
  /** Every token but comments and white space, in order. */
  tokens: IToken[];
  comments: IToken[];
}

export function parseRepl(text: string): ParseResult {
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
  for (const itemTokens of splitItems(lexed.tokens)) {
    const cst = parseItem(itemTokens);
    const [error] = parser.errors;
    const firstLine = (itemTokens[0]?.startLine ?? 1) - 1;
    if (error && !lexErrorLines.has(firstLine)) {
      const last = itemTokens[itemTokens.length - 1];
      const atEnd = Number.isNaN(error.token.startOffset);
      const range = atEnd ? { start: tokenRange(last).end, end: tokenRange(last).end } : tokenRange(error.token);
      diagnostics.push({ range, severity: 'error', code: 'syntax', message: boundedMessage(error.message) });
    }
    const item = buildItem(cst, text);
    if (item) items.push(item);
  }
  return { file: { items }, diagnostics, tokens: lexed.tokens, comments: lexed.groups['comments'] ?? [] };
}
