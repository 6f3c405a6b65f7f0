/**
 * What an exploration says of the file's properties (`expect always no …`), on their lines: a broken property is an
 * error that names its first counterexample, with the quick fix "Open counterexample" (that variant as a `.repl`
 * document of its own); a property that holds at every crash point is a note. They speak of the text that was explored:
 * an edit of the document takes them away, and the next exploration gives them again.
 */
import * as vscode from 'vscode';
import { crashPointText } from '../../server/src/explore/crash-points';
import type { CaseExample, Exploration } from '../../server/src/explore/explore';
import { policyText } from '../../server/src/explore/policies';
import { variantFile } from '../../server/src/explore/variant-file';
import type { Ctx } from './ctx';

/** The command of the quick fix: (document uri, line). */
export const OPEN_COUNTEREXAMPLE = 'replscope.explore.openCounterexample';

/** The diagnostic code of a broken property (the quick fix is offered on it). */
const BROKEN = 'property-broken';

interface Explored {
  /** The text the exploration ran on (its variants are made from it). */
  text: string;
  /** The first counterexample of each broken property, by its 0-based line. */
  counterexamples: Map<number, CaseExample>;
}

let collection: vscode.DiagnosticCollection | undefined;
const explored = new Map<string, Explored>();

export function registerPropertyDiagnostics(ctx: Ctx): void {
  const diagnostics = vscode.languages.createDiagnosticCollection('replscope-explore');
  collection = diagnostics;
  ctx.extension.subscriptions.push(
    diagnostics,
    { dispose: () => ((collection = undefined), explored.clear()) },
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length === 0 || !explored.has(e.document.uri.toString())) return;
      explored.delete(e.document.uri.toString());
      diagnostics.delete(e.document.uri);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      explored.delete(d.uri.toString());
      diagnostics.delete(d.uri);
    }),
    vscode.languages.registerCodeActionsProvider(
      { language: 'repl' },
      {
        provideCodeActions: (document, _range, context) =>
          context.diagnostics
            .filter((d) => d.source === 'replscope explore' && d.code === BROKEN)
            .map((d) => {
              const action = new vscode.CodeAction('Open counterexample', vscode.CodeActionKind.QuickFix);
              action.diagnostics = [d];
              action.isPreferred = true;
              action.command = {
                command: OPEN_COUNTEREXAMPLE,
                title: 'Open counterexample',
                arguments: [document.uri.toString(), d.range.start.line],
              };
              return action;
            }),
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
  );
}

/** The sentence of a broken property: where it breaks and under which policy. */
export function brokenText(verdict: string, example: CaseExample): string {
  return (
    `expect always no ${verdict} is broken by \`${crashPointText(example.crashPoint)}\` ` +
    `(policy ${policyText(example.settings)}; crash point ${example.case} of the exploration)`
  );
}

/** Puts the properties of `result` (explored on `text`) on the lines of `document`. */
export function showPropertyResults(document: vscode.TextDocument, text: string, result: Exploration): void {
  if (!collection) return;
  // The document changed while it was explored: the lines may no longer be the properties'.
  if (document.getText() !== text) return;
  const counterexamples = new Map<number, CaseExample>();
  const diagnostics = result.properties
    .filter((p) => p.line < document.lineCount)
    .map((p) => {
      const line = document.lineAt(p.line);
      const range = new vscode.Range(p.line, line.firstNonWhitespaceCharacterIndex, p.line, line.text.trimEnd().length);
      const diagnostic = p.counterexample
        ? new vscode.Diagnostic(range, brokenText(p.verdict, p.counterexample), vscode.DiagnosticSeverity.Error)
        : new vscode.Diagnostic(
            range,
            `expect always no ${p.verdict} holds at every crash point explored (${result.cases})`,
            vscode.DiagnosticSeverity.Information,
          );
      diagnostic.source = 'replscope explore';
      if (p.counterexample) {
        diagnostic.code = BROKEN;
        counterexamples.set(p.line, p.counterexample);
      }
      return diagnostic;
    });
  explored.set(document.uri.toString(), { text, counterexamples });
  collection.set(document.uri, diagnostics);
}

/** The quick fix: the counterexample of the property on `line` as a `.repl` document of its own, beside. */
export async function openCounterexample(uri: unknown, line: unknown): Promise<vscode.TextDocument | undefined> {
  if (typeof uri !== 'string' || typeof line !== 'number') return undefined;
  const found = explored.get(uri);
  const example = found?.counterexamples.get(line);
  if (!found || !example) return undefined;
  const variant = await vscode.workspace.openTextDocument({ language: 'repl', content: variantFile(found.text, example) });
  await vscode.window.showTextDocument(variant, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  return variant;
}
