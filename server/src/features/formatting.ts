/**
 * Document and range formatting with `language/format.ts`: one edit per line whose spacing changes, so the
 * cursor and the undo history stay where they were on the other lines.
 */
import type { DocumentFormattingParams, DocumentRangeFormattingParams, TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { formattedLines } from '../language/format';
import { tooLarge } from '../language/limits';
import type { Feature } from '../server';
import { requestDocument, validRange } from './params';

/** The edits that format the lines `from` … `to` (inclusive) of a document. */
export function formattingEdits(document: TextDocument, from = 0, to = Number.MAX_SAFE_INTEGER): TextEdit[] {
  const text = document.getText();
  // A text past the input limit is not read at all (docs/limits.md).
  if (tooLarge(text)) return [];
  const before = text.split(/\r\n|\r|\n/);
  const after = formattedLines(text);
  const edits: TextEdit[] = [];
  after.forEach((line, l) => {
    const old = before[l] ?? '';
    if (l < from || l > to || line === old) return;
    edits.push({ range: { start: { line: l, character: 0 }, end: { line: l, character: old.length } }, newText: line });
  });
  return edits;
}

export const formatting: Feature = {
  capabilities: { documentFormattingProvider: true, documentRangeFormattingProvider: true },
  register(ctx) {
    ctx.connection.onDocumentFormatting(
      ctx.guard('formatting', [], (params: DocumentFormattingParams): TextEdit[] => {
        const document = requestDocument(ctx, params);
        return document ? formattingEdits(document) : [];
      }),
    );
    ctx.connection.onDocumentRangeFormatting(
      ctx.guard('rangeFormatting', [], (params: DocumentRangeFormattingParams): TextEdit[] => {
        const document = requestDocument(ctx, params);
        const range = document && validRange(document, params.range);
        return document && range ? formattingEdits(document, range.start.line, range.end.line) : [];
      }),
    );
  },
};
