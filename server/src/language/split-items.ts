/**
 * Cuts a file's tokens into items. An item starts on a new line; it goes on over the next lines only inside
 * `{ … }` or `( … )`, and even there a line that plainly starts another item (a keyword, or `client:`) ends it,
 * so that an unclosed bracket costs one error, not the rest of the file.
 *
 * A loop (`repeat 5 {`, `every 1s for 10s {`) holds whole steps, one a line, up to its closing `}`: inside its braces only
 * a line that starts a declaration, a trigger or an expectation ends it (an unclosed loop again costs one error).
 */
import type { IToken } from 'chevrotain';
import * as T from './tokens';

/** Keywords that can appear at the start of a line inside brackets without starting a new item. */
const continuesInsideBrackets = new Set([T.Primary, T.Not, T.Null]);

/** Keywords that no step starts with: a line beginning with one ends a loop left open. */
const endsLoop = new Set([
  T.Scenario,
  T.FlavorKw,
  T.Seed,
  T.Database,
  T.Source,
  T.Replica,
  T.Link,
  T.Table,
  T.Client,
  T.On,
  T.Expect,
  T.Explore,
]);

export function splitItems(tokens: IToken[]): IToken[][] {
  const items: IToken[][] = [];
  let current: IToken[] = [];
  let depth = 0;
  let lastLine = -1;
  tokens.forEach((token, i) => {
    const firstOnLine = token.startLine !== lastLine;
    lastLine = token.endLine ?? token.startLine ?? lastLine;
    const inLoop = current[0]?.tokenType === T.Repeat || current[0]?.tokenType === T.Every;
    const cut = depth === 0 || (inLoop ? endsLoop.has(token.tokenType) : startsItem(token, tokens[i + 1]));
    if (current.length > 0 && firstOnLine && cut) {
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
