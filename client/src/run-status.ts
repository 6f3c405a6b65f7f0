/**
 * The language status item of `.repl` files (beside the language mode in the status bar): where the run of the active
 * document stands, from the server's `replscope/runStatus` notifications: running, its last time and events, stale
 * (the file has errors and keeps the last run), too big (the run stopped at a limit) or failed.
 */
import * as vscode from 'vscode';
import { RunStatusNotification, type RunStatusParams } from '../../server/src/protocol';
import type { Ctx } from './ctx';

/** What the item shows for a document, for the tests (through the extension's API) as well as the status bar. */
export interface RunStatusView {
  state: RunStatusParams['state'];
  version: number;
  text: string;
  detail: string;
}

const latest = new Map<string, RunStatusParams>();

export function registerRunStatus(ctx: Ctx): void {
  const item = vscode.languages.createLanguageStatusItem('replscope.run', { language: 'repl' });
  item.name = 'ReplScope run';
  item.command = { title: 'Show Output', command: 'replscope.showOutput' };
  const refresh = () => {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const params = uri === undefined ? undefined : latest.get(uri);
    const view = params ? viewOf(params) : undefined;
    item.text = view?.text ?? 'ReplScope';
    item.detail = view?.detail ?? 'not run yet';
    item.busy = params?.state === 'running';
    item.severity =
      params?.state === 'failed'
        ? vscode.LanguageStatusSeverity.Error
        : params?.state === 'too_big' || params?.state === 'stale'
          ? vscode.LanguageStatusSeverity.Warning
          : vscode.LanguageStatusSeverity.Information;
  };
  ctx.extension.subscriptions.push(
    item,
    ctx.client.onNotification(RunStatusNotification.type, (params) => {
      latest.set(params.uri, params);
      refresh();
    }),
    vscode.window.onDidChangeActiveTextEditor(refresh),
    vscode.workspace.onDidCloseTextDocument((d) => latest.delete(d.uri.toString())),
    vscode.commands.registerCommand('replscope.showOutput', () => ctx.log.show(true)),
  );
  refresh();
}

/** The item's words for a document's latest state, if the server sent one. */
export function runStatusOf(uri: vscode.Uri): RunStatusView | undefined {
  const params = latest.get(uri.toString());
  return params ? viewOf(params) : undefined;
}

function viewOf(p: RunStatusParams): RunStatusView {
  const ran = `${formatMillis(p.millis)} · ${(p.events ?? 0).toLocaleString('en-US')} events`;
  switch (p.state) {
    case 'running':
      return { state: p.state, version: p.version, text: 'Running…', detail: `running version ${p.version}` };
    case 'done':
      return { state: p.state, version: p.version, text: `$(check) Ran in ${ran}`, detail: 'the run of this version is in' };
    case 'too_big':
      return { state: p.state, version: p.version, text: `$(warning) Stopped at a limit`, detail: `${ran}: ${p.message ?? ''}` };
    case 'stale':
      return { state: p.state, version: p.version, text: '$(warning) Stale', detail: p.message ?? 'the file has errors' };
    case 'failed':
      return { state: p.state, version: p.version, text: '$(error) Engine failed', detail: p.message ?? '' };
  }
}

function formatMillis(millis: number | undefined): string {
  if (millis === undefined) return '';
  return millis < 1000 ? `${Math.round(millis)} ms` : `${(millis / 1000).toFixed(1)} s`;
}
