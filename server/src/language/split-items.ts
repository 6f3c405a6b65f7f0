/**
 * Cuts a file's tokens into items. An item starts on a new line; it goes on over the next lines only inside
 * `{ … }` or `( … )`, and even there a line that plainly starts another item (a keyword, or `client:`) ends it,
 * so that an unclosed bracket costs one error, not the rest of the file.
 */
import type { IToken } from 'chevrotain';
import * as T from './tokens';

/** Keywords that can appear at the start of a line inside brackets without starting a new item. */
const continuesInsideBrackets = new Set([T.Primary, T.Not, T.Null]);

export function splitItems(tokens: IToken[]): IToken[][] {
  const items: IToken[][] = [];
  let current: IToken[] = [];
  let depth = 0;
  let lastLine = -1;
  tokens.forEach((token, i) => {
    const firstOnLine = token.startLine !== lastLine;
    lastLine = token.endLine ?? token.startLine ?? lastLine;
    if (current.length > 0 && firstOnLine && (depth === 0 || startsItem(token, tokens[i + 1]))) {
      items.push(current);
      current = [];
      depth = 0;
    }
    current.push(token);
    if (token.tokenType === T.LParen || token.tokenType === T.LBrace) depth++;
    if ((token.tokenType === T.RParen || token.tokenType === T.RBrace) && depth > 0) depth--;
  });
  if (current.length > 0) items.push(current);
  return items;
}

function startsItem(token: IToken, next: IToken | undefined): boolean {
  if (token.tokenType === T.Name) {
    return next?.tokenType === T.Colon || next?.tokenType === T.Reconnects;
  }
  return T.isKeyword(token.tokenType) && !continuesInsideBrackets.has(token.tokenType);
}
