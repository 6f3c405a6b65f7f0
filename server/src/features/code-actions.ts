/**
 * Quick fixes for the common mistakes:
 * - a misspelled name, setting, state, status variable, verdict, outcome, flavor or value → the closest one
 *   (the checker puts it in the diagnostic's `suggestion`), and an impossible wait state → the right one;
 * - a misspelled keyword (`promte r1` → `promote r1`): the parser only says it expected something else, so the
 *   closest keyword is computed here;
 * - a transaction never committed → a `CLIENT: commit` step after the client's last step;
 * - a `change master` that nothing starts again → a `start R` step after it;
 * - semi-sync settings on a server without semi-sync, or a trigger on an ACK wait there → add `semisync`;
 * - a verdict of the run → shrink the file to the smallest one that still shows it (the client's `replscope.shrink`).
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type * as A from '../language/ast';
import type { Analysis } from '../language/analyze';
import { closest } from '../language/checker/closest';
import type { ReplDiagnostic } from '../language/diagnostic';
import { firstTokenFrom, itemAt, tokenAt, tokenStart } from '../language/locate';
import { keywords } from '../language/tokens';
import { VERDICT_KINDS } from '../model/scenario';
import type { Feature } from '../server';
import { toLspDiagnostic } from './diagnostics';
import { requestDocument, validRange } from './params';

/** The keywords that can start a line (declarations, operations, triggers, expectations, timings). */
const LINE_STARTS = [
  'scenario',
  'flavor',
  'seed',
  'database',
  'source',
  'replica',
  'link',
  'table',
  'client',
  'on',
  'expect',
  'at',
  'after',
  'crash',
  'restart',
  'shutdown',
  'promote',
  'change',
  'stop',
  'start',
  'partition',
  'heal',
  'kill',
  'reset',
  'set',
  'wait',
  'flush',
];

/** The quick fixes for the diagnostics of `analysis` that touch the lines of `range`. */
export function quickFixes(analysis: Analysis, document: TextDocument, range: A.Range): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of analysis.diagnostics) {
    if (d.range.end.line < range.start.line || d.range.start.line > range.end.line) continue;
    const diagnostic = toLspDiagnostic(d);
    const fix = (title: string, edits: TextEdit[], preferred = false) =>
      actions.push({
        title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: preferred,
        edit: { changes: { [document.uri]: edits } },
      });

    if (d.suggestion !== undefined) {
      fix(`Change '${document.getText(d.range)}' to '${d.suggestion}'`, [{ range: d.range, newText: d.suggestion }], true);
    } else if (d.code === 'syntax') {
      const keyword = keywordFix(analysis, d);
      if (keyword) fix(`Change '${keyword.word}' to '${keyword.keyword}'`, [{ range: keyword.range, newText: keyword.keyword }], true);
    } else if (d.code === 'transaction-structure' && /never committed/.test(d.message)) {
      const edit = commitEdit(analysis, document, d);
      if (edit) fix(`Commit it: add '${edit.newText.trim()}' after the client's last step`, [edit], true);
    } else if (d.code === 'replica-not-started') {
      const edit = startEdit(analysis, document, d);
      if (edit) fix(`Start its threads: add '${edit.newText.trim()}' after it`, [edit], true);
    } else if (
      (d.code === 'doubtful-setting' && /add `semisync`/.test(d.message)) ||
      (d.code === 'impossible-state' && /semi-sync off/.test(d.message))
    ) {
      const edit = semisyncEdit(analysis, document, d);
      if (edit) fix(`Turn semi-sync on: add '${edit.newText.trim()}'`, [edit.edit], d.code === 'doubtful-setting');
    }
  }
  return actions;
}

/** A word the parser did not expect that is one edit or so away from a keyword. */
function keywordFix(analysis: Analysis, d: ReplDiagnostic): { word: string; keyword: string; range: A.Range } | undefined {
  const token = tokenAt(analysis.parse.tokens, d.range.start);
  if (!token || token.tokenType.name !== 'Name') return undefined;
  const start = tokenStart(token);
  if (start.line !== d.range.start.line || start.character !== d.range.start.character) return undefined;
  const atLineStart = analysis.parse.tokens[firstTokenFrom(analysis.parse.tokens, { line: start.line, character: 0 })] === token;
  const keyword = closest(token.image, atLineStart ? LINE_STARTS : Object.keys(keywords));
  return keyword ? { word: token.image, keyword, range: d.range } : undefined;
}

/** `CLIENT: commit` on a new line after the last step of the client whose transaction is left open. */
function commitEdit(analysis: Analysis, document: TextDocument, d: ReplDiagnostic): TextEdit | undefined {
  const items = analysis.parse.file.items;
  const begun = itemAt(items, d.range.start);
  const client = begun && clientOf(begun);
  if (!begun || !client) return undefined;
  let last: A.Item = begun;
  for (const item of items) {
    if (item.kind === 'step' && clientOf(item) === client && item.range.start.line >= last.range.start.line) last = item;
  }
  return lineAfter(document, last.range.end.line, `${client}: commit`);
}

/** `start R` on a new line after the `change master R …` the diagnostic is on. */
function startEdit(analysis: Analysis, document: TextDocument, d: ReplDiagnostic): TextEdit | undefined {
  const item = itemAt(analysis.parse.file.items, d.range.start);
  if (item?.kind !== 'step' || item.action.kind !== 'changeMaster') return undefined;
  return lineAfter(document, item.range.end.line, `start ${item.action.replica.text}`);
}

/** An edit that adds `text` as a new line after line `line` (the document's own line ends). */
function lineAfter(document: TextDocument, line: number, text: string): TextEdit {
  const lineText = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$|\r$/, '');
  const lineEnd = { line, character: lineText.length };
  const eol = document.getText().includes('\r\n') ? '\r\n' : '\n';
  return { range: { start: lineEnd, end: lineEnd }, newText: `${eol}${text}` };
}

function clientOf(item: A.Item): string | undefined {
  const action = item.kind === 'step' || item.kind === 'trigger' ? item.action : undefined;
  return action?.kind === 'clientStep' ? action.client.text : undefined;
}

/** Adds `semisync` to the server the diagnostic is about: its declaration's braces, or a `set` line's settings. */
function semisyncEdit(analysis: Analysis, document: TextDocument, d: ReplDiagnostic): { edit: TextEdit; newText: string } | undefined {
  const items = analysis.parse.file.items;
  const item = itemAt(items, d.range.start);
  if (item?.kind === 'step' && item.action.kind === 'set' && d.code === 'doubtful-setting') {
    const first = item.action.settings[0];
    return (
      first && { edit: { range: { start: first.range.start, end: first.range.start }, newText: 'semisync=on ' }, newText: 'semisync=on' }
    );
  }
  let decl = item?.kind === 'server' ? item : undefined;
  if (d.code === 'impossible-state') {
    const server = /(?:transactions on|runs on) (\w+)/.exec(d.message)?.[1];
    decl = items.find((i): i is A.ServerDecl => i.kind === 'server' && i.name.text === server);
  }
  if (!decl) return undefined;
  const first = decl.settings[0];
  if (first) return { edit: { range: { start: first.range.start, end: first.range.start }, newText: 'semisync ' }, newText: 'semisync' };
  const text = document.getText(decl.range);
  if (text.trimEnd().endsWith('}')) {
    const close = document.positionAt(document.offsetAt(decl.range.start) + text.lastIndexOf('}'));
    return { edit: { range: { start: close, end: close }, newText: 'semisync ' }, newText: 'semisync' };
  }
  return { edit: { range: { start: decl.range.end, end: decl.range.end }, newText: ' { semisync }' }, newText: '{ semisync }' };
}

/** For each verdict diagnostic of the run (as the client sends them back): shrink the file to what still shows it. */
export function shrinkActions(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.code !== 'verdict') continue;
    const kind = /^([a-z ]+):/.exec(diagnostic.message)?.[1]?.replace(/ /g, '_');
    if (!kind || !(VERDICT_KINDS as readonly string[]).includes(kind)) continue;
    actions.push({
      title: `Shrink to the smallest scenario that still shows ${kind}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title: 'Shrink', command: 'replscope.shrink', arguments: [uri, kind] },
    });
  }
  return actions;
}

export const codeActions: Feature = {
  capabilities: { codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] } },
  register(ctx) {
    ctx.connection.onCodeAction(
      ctx.guard('codeAction', [], (params: CodeActionParams): CodeAction[] => {
        const only: unknown = params.context?.only;
        if (Array.isArray(only) && !only.some((k) => CodeActionKind.QuickFix === k || CodeActionKind.QuickFix.startsWith(`${String(k)}.`)))
          return [];
        const document = requestDocument(ctx, params);
        const range = document && validRange(document, params.range);
        if (!document || !range) return [];
        const diagnostics: unknown = params.context?.diagnostics;
        return [
          ...quickFixes(ctx.analyses.get(document), document, range),
          ...shrinkActions(document.uri, Array.isArray(diagnostics) ? diagnostics : []),
        ];
      }),
    );
  },
};
