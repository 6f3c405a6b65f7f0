/**
 * Semantic tokens: every name coloured by what it resolves to — a server, client, table, column, transaction or
 * database of the file, or MySQL's setting, pipeline state or status variable — plus keywords, numbers,
 * durations, sizes, strings and comments. The TextMate grammar colours by shape; this colours by meaning.
 *
 * The types beyond LSP's standard ones (`server`, `client`, …) are declared by the extension's package.json
 * with a standard super type, so that themes colour them even without knowing them.
 */
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend, type SemanticTokensParams } from 'vscode-languageserver';
import type { IToken } from 'chevrotain';
import type { Analysis } from '../language/analyze';
import type { SymbolKind } from '../language/checker/context';
import { comparePositions } from '../language/locate';
import { isKeyword } from '../language/tokens';
import { roleWords, type WordRole } from '../language/word-roles';
import type { Feature } from '../server';
import { requestDocument } from './params';

export const TOKEN_TYPES = [
  'keyword',
  'number',
  'string',
  'comment',
  'operator',
  'type',
  'enumMember',
  'server',
  'client',
  'table',
  'column',
  'transaction',
  'database',
  'setting',
  'state',
  'statusVariable',
] as const;
export type TokenTypeName = (typeof TOKEN_TYPES)[number];

export const TOKEN_MODIFIERS = ['declaration'] as const;

export const legend: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

const symbolTypes: Record<SymbolKind, TokenTypeName> = {
  server: 'server',
  client: 'client',
  table: 'table',
  column: 'column',
  txn: 'transaction',
  database: 'database',
};

const roleTypes: Record<WordRole, TokenTypeName> = {
  setting: 'setting',
  settingValue: 'enumMember',
  state: 'state',
  variable: 'statusVariable',
  verdict: 'enumMember',
  outcome: 'enumMember',
  columnType: 'type',
  privilege: 'setting',
  flavor: 'enumMember',
};

/** One classified token: zero-based line and character, length, type, and whether it declares the name. */
export interface ClassifiedToken {
  line: number;
  character: number;
  length: number;
  type: TokenTypeName;
  declaration: boolean;
}

/** A number per position (lines are far shorter than a million characters), cheaper than a string key. */
const key = (line: number, character: number) => line * 1_000_000 + character;

/** Every token of the file with its class, in file order. */
export function classify(analysis: Analysis): ClassifiedToken[] {
  // Names first: what the checker resolved, then MySQL's words; both keyed by where the word starts.
  const names = new Map<number, { type: TokenTypeName; declaration: boolean }>();
  for (const item of analysis.parse.file.items) {
    for (const w of roleWords(item))
      names.set(key(w.name.range.start.line, w.name.range.start.character), { type: roleTypes[w.role], declaration: false });
  }
  for (const r of analysis.symbols.references) {
    const d = analysis.symbols.declarations.get(r.key);
    if (!d) continue;
    const declaration = comparePositions(d.name.range.start, r.name.range.start) === 0 && !d.implicit;
    names.set(key(r.name.range.start.line, r.name.range.start.character), { type: symbolTypes[d.kind], declaration });
  }
  const out: ClassifiedToken[] = [];
  const all = mergeByOffset(analysis.parse.tokens, analysis.parse.comments);
  for (const t of all) {
    const line = (t.startLine ?? 1) - 1;
    const character = (t.startColumn ?? 1) - 1;
    const length = t.image.length;
    const named = names.get(key(line, character));
    const type = named?.type ?? tokenClass(t);
    if (type) out.push({ line, character, length, type, declaration: named?.declaration ?? false });
  }
  return out;
}

function tokenClass(t: IToken): TokenTypeName | undefined {
  if (isKeyword(t.tokenType)) return 'keyword';
  switch (t.tokenType.name) {
    case 'Int':
    case 'Number':
    case 'Duration':
    case 'Size':
    case 'Rate':
      return 'number';
    case 'String':
      return 'string';
    case 'Comment':
      return 'comment';
    case 'Flavor':
      return 'enumMember';
    case 'Arrow':
    case 'Equals':
    case 'NotEquals':
    case 'Less':
    case 'Greater':
    case 'LessEquals':
    case 'GreaterEquals':
    case 'Plus':
    case 'Minus':
      return 'operator';
    default:
      return undefined;
  }
}

function mergeByOffset(a: IToken[], b: IToken[]): IToken[] {
  const out: IToken[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x.startOffset < y.startOffset)) {
      out.push(x);
      i++;
    } else {
      out.push(y);
      j++;
    }
  }
  return out;
}

/** The LSP encoding of `classify`. */
export function semanticTokens(analysis: Analysis): SemanticTokens {
  const builder = new SemanticTokensBuilder();
  for (const t of classify(analysis)) builder.push(t.line, t.character, t.length, TOKEN_TYPES.indexOf(t.type), t.declaration ? 1 : 0);
  return builder.build();
}

export const semanticHighlighting: Feature = {
  capabilities: { semanticTokensProvider: { legend, full: true } },
  register(ctx) {
    ctx.connection.languages.semanticTokens.on(
      ctx.guard('semanticTokens', { data: [] }, (params: SemanticTokensParams): SemanticTokens => {
        const document = requestDocument(ctx, params);
        return document ? semanticTokens(ctx.analyses.get(document)) : { data: [] };
      }),
    );
  },
};
