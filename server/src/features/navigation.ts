/**
 * Go to definition and find references, both straight from the checker's symbol table: each name under the
 * cursor resolves to a declaration key (`server:m1`, `column:t.v`, `txn:T2`), and the table lists every
 * occurrence of that key.
 */
import type { DefinitionParams, Location, ReferenceParams } from 'vscode-languageserver';
import { occurrences, symbolAt } from '../language/locate';
import type { Feature } from '../server';
import { requestDocument, validPosition } from './params';

export const definition: Feature = {
  capabilities: { definitionProvider: true },
  register(ctx) {
    ctx.connection.onDefinition(
      ctx.guard('definition', null, (params: DefinitionParams): Location | null => {
        const document = requestDocument(ctx, params);
        const position = document && validPosition(document, params.position);
        if (!document || !position) return null;
        const hit = symbolAt(ctx.analyses.get(document).symbols, position);
        // An automatic transaction name points at the statement that begins the transaction.
        return hit ? { uri: document.uri, range: hit.declaration.name.range } : null;
      }),
    );
  },
};

export const references: Feature = {
  capabilities: { referencesProvider: true },
  register(ctx) {
    ctx.connection.onReferences(
      ctx.guard('references', [], (params: ReferenceParams): Location[] => {
        const document = requestDocument(ctx, params);
        const position = document && validPosition(document, params.position);
        if (!document || !position) return [];
        const symbols = ctx.analyses.get(document).symbols;
        const hit = symbolAt(symbols, position);
        if (!hit) return [];
        return occurrences(symbols, hit.declaration.key, params.context?.includeDeclaration === true).map((n) => ({
          uri: document.uri,
          range: n.range,
        }));
      }),
    );
  },
};
