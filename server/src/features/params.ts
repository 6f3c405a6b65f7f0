/**
 * Request parameters as a client may really send them: a missing `textDocument`, a `null` or negative position, a
 * character past the end of the line, a range that ends before it starts. Every handler reads its document,
 * positions and ranges through these, so that a malformed request gets the empty answer without a TypeError, and a
 * position out of the document is clamped to it (never echoed back as sent).
 */
import type { Position, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerContext } from '../server';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The open document a request names in `textDocument.uri`, if it names one. */
export function requestDocument(ctx: Pick<ServerContext, 'documents'>, params: unknown): TextDocument | undefined {
  if (!isRecord(params) || !isRecord(params.textDocument)) return undefined;
  const uri = params.textDocument.uri;
  return typeof uri === 'string' ? ctx.documents.get(uri) : undefined;
}

/** A position made of two non-negative integers, clamped into the document; undefined for anything else. */
export function validPosition(document: TextDocument, value: unknown): Position | undefined {
  if (!isRecord(value)) return undefined;
  const { line, character } = value;
  if (typeof line !== 'number' || typeof character !== 'number') return undefined;
  if (!Number.isInteger(line) || !Number.isInteger(character) || line < 0 || character < 0) return undefined;
  // offsetAt clamps the line to the document and the character to the line (before its line break).
  return document.positionAt(document.offsetAt({ line, character }));
}

/** A range of two valid positions, clamped into the document, start before end; undefined for anything else. */
export function validRange(document: TextDocument, value: unknown): Range | undefined {
  if (!isRecord(value)) return undefined;
  const start = validPosition(document, value.start);
  const end = validPosition(document, value.end);
  if (!start || !end) return undefined;
  const reversed = document.offsetAt(end) < document.offsetAt(start);
  return reversed ? { start: end, end: start } : { start, end };
}

/** The `uri` of a custom request's parameters (the timeline's), if it is a string. */
export function requestUri(params: unknown): string | undefined {
  return isRecord(params) && typeof params.uri === 'string' ? params.uri : undefined;
}

/** A list of strings (at most `max` of them), or undefined. */
export function stringList(value: unknown, max = 10_000): string[] | undefined {
  return Array.isArray(value) && value.length <= max && value.every((v) => typeof v === 'string') ? value : undefined;
}
