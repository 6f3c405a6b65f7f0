/**
 * Completion: keywords where they fit, the names the file declares where a name of that kind goes, setting
 * names and values, pipeline states, status variables, verdicts and outcomes. `language/complete.ts` decides
 * what fits; this file turns it into LSP items with their documentation.
 */
import { CompletionItemKind, MarkupKind, type CompletionItem, type CompletionParams, type MarkupContent } from 'vscode-languageserver';
import type { Flavor, VerdictKind } from '../model/scenario';
import { findSetting } from '../model/settings';
import { findState } from '../model/states';
import { findStatusVariable } from '../model/status-variables';
import { complete, type Candidate, type CandidateKind } from '../language/complete';
import { KEYWORD_DOCS } from '../language/keyword-docs';
import { COLUMN_TYPE_DOCS, FLAVOR_DOCS, OUTCOME_DOCS, VERDICT_DOCS } from '../language/vocabulary-docs';
import type { Feature } from '../server';
import { settingSection } from './hover';
import { requestDocument, validPosition } from './params';

const kinds: Record<CandidateKind, CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  server: CompletionItemKind.Module,
  client: CompletionItemKind.Variable,
  table: CompletionItemKind.Struct,
  column: CompletionItemKind.Field,
  txn: CompletionItemKind.Event,
  setting: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  state: CompletionItemKind.EnumMember,
  variable: CompletionItemKind.Constant,
  verdict: CompletionItemKind.EnumMember,
  outcome: CompletionItemKind.EnumMember,
  flavor: CompletionItemKind.EnumMember,
  type: CompletionItemKind.TypeParameter,
};

/** The documentation of a candidate, from the same catalogs as hover. */
function documentation(c: Candidate, flavor: Flavor): MarkupContent | undefined {
  const md = (value: string | undefined): MarkupContent | undefined => (value ? { kind: MarkupKind.Markdown, value } : undefined);
  switch (c.kind) {
    case 'keyword': {
      const doc = KEYWORD_DOCS[c.label.split(' ')[0] ?? ''];
      return md(doc && `\`${doc.usage}\`\n\n${doc.doc}`);
    }
    case 'setting': {
      const spec = findSetting(c.label);
      return md(spec && settingSection(spec, flavor));
    }
    case 'state':
      return md(findState(c.label)?.doc);
    case 'variable': {
      const spec = findStatusVariable(c.label);
      return md(spec && `${spec.source}: ${spec.doc}`);
    }
    case 'verdict':
      return md(VERDICT_DOCS[c.label as VerdictKind]);
    case 'outcome':
      return md(OUTCOME_DOCS[c.label]);
    case 'flavor':
      return md(FLAVOR_DOCS[c.label as Flavor]);
    case 'type':
      return md(COLUMN_TYPE_DOCS[c.label]);
    default:
      return undefined;
  }
}

export const completion: Feature = {
  capabilities: { completionProvider: { triggerCharacters: [':', '=', '{', '(', ','] } },
  register(ctx) {
    ctx.connection.onCompletion(
      ctx.guard('completion', [], (params: CompletionParams): CompletionItem[] => {
        const document = requestDocument(ctx, params);
        const position = document && validPosition(document, params.position);
        if (!document || !position) return [];
        const analysis = ctx.analyses.get(document);
        const offset = document.offsetAt(position);
        const { candidates, from } = complete(analysis, document.getText(), offset);
        // The edit's range is the clamped cursor, never the position as sent.
        const range = { start: document.positionAt(from), end: position };
        return candidates.map((c, i) => ({
          label: c.label,
          kind: kinds[c.kind],
          detail: c.detail,
          documentation: documentation(c, analysis.scenario.flavor),
          // Keep the order `complete` chose (names before keywords where a name is wanted).
          sortText: String(i).padStart(4, '0'),
          textEdit: { range, newText: c.insertText ?? c.label },
        }));
      }),
    );
  },
};
