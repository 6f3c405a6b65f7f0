/**
 * The analysis of each open document, computed at most once per version and shared by every feature,
 * so that a hover, a completion and the diagnostics of one keystroke parse and check the text once.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, type Analysis } from './language/analyze';

export class AnalysisCache {
  private readonly entries = new Map<string, { version: number; analysis: Analysis }>();

  get(document: TextDocument): Analysis {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version) return cached.analysis;
    // The previous version's analysis lends its unchanged items to the parse (an edit re-parses what it touched).
    const analysis = analyze(document.getText(), cached?.analysis);
    this.entries.set(document.uri, { version: document.version, analysis });
    return analysis;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}
