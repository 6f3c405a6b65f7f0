/**
 * Test helpers over `.repl` snippets, after Langium's: a `<|>` marks the cursor, diagnostics are compared as
 * short `line:column code` strings (one-based, as an editor shows them), and AST nodes without their ranges.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as assert from 'node:assert/strict';
import { analyze, type Analysis } from '../../src/language/analyze';
import { runScenario } from '../../src/run';
import type { Trace } from '../../src/trace/trace';
import type { Position, Range } from '../../src/language/ast';
import type { Severity } from '../../src/language/diagnostic';

export const CURSOR = '<|>';

/** A snippet with its cursor(s) taken out: the text, and each cursor as an offset and a position. */
export interface Snippet {
  text: string;
  offsets: number[];
  positions: Position[];
  /** The first cursor. */
  offset: number;
  position: Position;
}

/** Removes every `<|>` from `marked` and says where they were. */
export function snippet(marked: string): Snippet {
  const offsets: number[] = [];
  let text = '';
  let rest = marked;
  for (;;) {
    const i = rest.indexOf(CURSOR);
    if (i < 0) break;
    text += rest.slice(0, i);
    offsets.push(text.length);
    rest = rest.slice(i + CURSOR.length);
  }
  text += rest;
  const positions = offsets.map((o) => positionOf(text, o));
  return { text, offsets, positions, offset: offsets[0] ?? 0, position: positions[0] ?? { line: 0, character: 0 } };
}

/** The zero-based position of an offset. */
export function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The text of a range (for hover and outline, which show source text). */
export function sourceOf(text: string): (range: Range) => string {
  const document = TextDocument.create('file:///snippet.repl', 'repl', 1, text);
  return (range) => document.getText(range);
}

/** A document for features that take one. */
export function documentOf(text: string, uri = 'file:///snippet.repl'): TextDocument {
  return TextDocument.create(uri, 'repl', 1, text);
}

/** The diagnostics of a snippet as `line:column code`, one-based, in file order; only those of `severity` if given. */
export function problems(text: string, severity?: Severity): string[] {
  return analyze(text)
    .diagnostics.filter((d) => !severity || d.severity === severity)
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`);
}

/** The errors of a snippet as `line:column code`. */
export function errors(text: string): string[] {
  return problems(text, 'error');
}

/** Runs a snippet with the full trace, once it is known to check without an error (`line: message` otherwise). */
export function runChecked(text: string): Trace {
  const a = analyze(text);
  const found = a.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.range.start.line + 1}: ${d.message}`);
  assert.deepEqual(found, [], 'the snippet checks clean');
  return runScenario(a.scenario);
}

/** A copy of an AST node without ranges and without keys whose value is undefined, for deepEqual. */
export function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape);
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'range' || v === undefined) continue;
      out[k] = shape(v);
    }
    return out;
  }
  return node;
}

/** The first item of a snippet's syntax tree, without ranges; fails on a syntax error. */
export function parsedItem(text: string, index = 0): unknown {
  const analysis = analyze(text);
  const syntax = analysis.parse.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
  if (syntax.length > 0) throw new Error(`syntax errors in ${JSON.stringify(text)}: ${syntax.join('; ')}`);
  return shape(analysis.parse.file.items[index]);
}

/** The repository's root (tests run from `out/test/`). */
export const repoRoot = join(__dirname, '..', '..');

/** Every ```repl block of docs/language.md, with the line it starts on. */
export function docSnippets(): { line: number; text: string }[] {
  const doc = readFileSync(join(repoRoot, 'docs', 'language.md'), 'utf8').split('\n');
  const out: { line: number; text: string }[] = [];
  let start = -1;
  doc.forEach((l, i) => {
    if (start < 0 && l.trim() === '```repl') start = i + 1;
    else if (start >= 0 && l.trim() === '```') {
      out.push({ line: start + 1, text: doc.slice(start, i).join('\n') + '\n' });
      start = -1;
    }
  });
  return out;
}

/** The example files, `examples/*.repl`, with their text. */
export function examples(): { name: string; text: string }[] {
  const dir = join(repoRoot, 'examples');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.repl'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

/** The analysis of a snippet (re-exported so tests import one helper). */
export { analyze, type Analysis };
