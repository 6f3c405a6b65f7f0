/**
 * The timeline webview panel: one panel, beside the editor, following the active `.repl` editor. It asks the
 * language server for the latest run (`replscope/timeline`) when the server announces one (`replscope/traceChanged`),
 * hands its timeline model to the webview (which lays it out and draws it with the shared timeline code), fetches
 * the status table at the webview's time cursor from the server, and turns the webview's clicks into editor selections. A serializer brings it back after a window reload.
 */
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  TimelineRequest,
  TimelineStatusRequest,
  TraceChangedNotification,
  type TimelineResult,
  type TraceChangedParams,
} from '../../server/src/protocol';
import { DIAGRAM_CSS } from '../../server/src/timeline/styles';
import type { Ctx } from './ctx';
import type { ExtensionToWebview, TimelineSnapshot, TimelineViewState, WebviewToExtension } from './webview-messages';
import { parseWebviewMessage, validViewState } from './webview-validate';

const traceChanged = new vscode.EventEmitter<TraceChangedParams>();

/** Fires when the server announces a new run (or a document that stopped checking). One LSP handler feeds every listener. */
export const onTraceChanged = traceChanged.event;

/** Registers the LSP notification handler and the panel serializer; called once at activation. */
export function registerTimeline(ctx: Ctx): void {
  ctx.extension.subscriptions.push(
    traceChanged,
    ctx.client.onNotification(TraceChangedNotification.type, (params) => traceChanged.fire(params)),
    vscode.window.registerWebviewPanelSerializer(TimelinePanel.viewType, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
        TimelinePanel.revive(ctx, panel, validViewState(state) ?? null);
        return Promise.resolve();
      },
    }),
    { dispose: () => TimelinePanel.current?.dispose() },
  );
}

/** The `.repl` document of the active editor, else of a visible editor. */
export function activeReplEditor(): vscode.TextEditor | undefined {
  const active = vscode.window.activeTextEditor;
  if (active?.document.languageId === 'repl') return active;
  return vscode.window.visibleTextEditors.find((e) => e.document.languageId === 'repl');
}

/** The latest run of `uri` from the server. */
export async function requestTimeline(ctx: Ctx, uri: vscode.Uri): Promise<TimelineResult | null> {
  return ctx.client.sendRequest(TimelineRequest.type, { uri: uri.toString() });
}

export class TimelinePanel {
  static readonly viewType = 'replscope.timeline';
  private static instance: TimelinePanel | undefined;

  /** The open panel, if any. */
  static get current(): TimelinePanel | undefined {
    return TimelinePanel.instance;
  }

  private readonly disposables: vscode.Disposable[] = [];
  private uri: vscode.Uri | undefined;
  private editorColumn: vscode.ViewColumn | undefined;
  private ready = false;
  private postedVersion: number | null = null;
  /** The webview's view state (zoom, collapsed groups, hidden lanes): the export draws what the user sees. */
  private viewState: TimelineViewState | null;
  private nextRequestId = 1;
  private readonly waiting = new Map<number, (value: WebviewToExtension) => void>();
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  private disposed = false;

  /** Opens the panel beside the editor (or reveals it) and makes it follow `uri`, or the active `.repl` editor. */
  static createOrShow(ctx: Ctx, uri?: vscode.Uri): TimelinePanel | undefined {
    const editor = activeReplEditor();
    const target = uri ?? editor?.document.uri;
    if (!target) {
      void vscode.window.showInformationMessage('ReplScope: open a .repl file to preview its timeline.');
      return undefined;
    }
    const column = editor && editor.document.uri.toString() === target.toString() ? editor.viewColumn : undefined;
    if (TimelinePanel.instance) {
      TimelinePanel.instance.panel.reveal(undefined, true);
      TimelinePanel.instance.follow(target, column);
      return TimelinePanel.instance;
    }
    const panel = vscode.window.createWebviewPanel(
      TimelinePanel.viewType,
      'Timeline',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      TimelinePanel.webviewOptions(ctx),
    );
    const created = new TimelinePanel(ctx, panel, null);
    created.follow(target, column);
    return created;
  }

  /** Brings back a panel VS Code restored after a reload, with the webview state it saved. */
  static revive(ctx: Ctx, panel: vscode.WebviewPanel, state: TimelineViewState | null): TimelinePanel {
    TimelinePanel.instance?.dispose();
    panel.webview.options = TimelinePanel.webviewOptions(ctx);
    const revived = new TimelinePanel(ctx, panel, state);
    const uri = state?.uri ? vscode.Uri.parse(state.uri) : activeReplEditor()?.document.uri;
    if (uri) revived.follow(uri, undefined);
    return revived;
  }

  private static webviewOptions(ctx: Ctx): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      // Only the bundle folder: the webview loads dist/webview.js and dist/webview.css, nothing else.
      localResourceRoots: [vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist')],
      enableFindWidget: false,
    };
  }

  private constructor(
    private readonly ctx: Ctx,
    private readonly panel: vscode.WebviewPanel,
    state: TimelineViewState | null,
  ) {
    TimelinePanel.instance = this;
    this.viewState = state;
    panel.iconPath = vscode.Uri.joinPath(ctx.extension.extensionUri, 'icons', 'repl-file.svg');
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      // What the webview sends is checked first (webview-validate.ts): a reveal only of this panel's document.
      panel.webview.onDidReceiveMessage((sent: unknown) => {
        const message = parseWebviewMessage(sent, this.uri?.toString());
        if (message) this.onMessage(message);
      }),
      panel.onDidChangeViewState(() => {
        // A hidden webview is unloaded (state kept by setState); it says `ready` again when shown.
        if (!panel.visible) this.ready = false;
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor?.document.languageId === 'repl') this.follow(editor.document.uri, editor.viewColumn);
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (this.uri && e.textEditor.document.uri.toString() === this.uri.toString()) {
          this.editorColumn = e.textEditor.viewColumn ?? this.editorColumn;
          this.post({ type: 'editorLine', uri: this.uri.toString(), line: e.selections[0]?.active.line ?? null });
        }
      }),
      onTraceChanged((params) => {
        if (!this.uri || params.uri !== this.uri.toString()) return;
        if (params.runnable) void this.refresh();
        else this.post({ type: 'stale', uri: params.uri, stale: 'errors', documentVersion: params.documentVersion });
      }),
    );
  }

  /** The document the panel follows. */
  get documentUri(): vscode.Uri | undefined {
    return this.uri;
  }

  /** The view state the webview last reported. */
  get view(): TimelineViewState | null {
    return this.viewState;
  }

  /** Follows another document (or the same one from another editor column). */
  follow(uri: vscode.Uri, column: vscode.ViewColumn | undefined): void {
    if (column !== undefined) this.editorColumn = column;
    if (this.uri?.toString() === uri.toString()) return;
    this.uri = uri;
    this.postedVersion = null;
    this.panel.title = `Timeline: ${path.basename(uri.path)}`;
    // The server runs only open documents: opening it (a no-op when it is) makes sure a run comes.
    void vscode.workspace.openTextDocument(uri).then(
      () => this.refresh(),
      (e: unknown) => this.ctx.log.error(`timeline: cannot open ${uri.toString()}: ${String(e)}`),
    );
  }

  /** Asks the server for the latest run and hands it to the webview; one request at a time, the last one wins. */
  async refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        await this.refreshOnce();
      } while (this.refreshAgain);
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async refreshOnce(): Promise<void> {
    const uri = this.uri;
    if (!uri || !this.ready) return;
    const fileName = path.basename(uri.path);
    let result: TimelineResult | null;
    try {
      result = await requestTimeline(this.ctx, uri);
    } catch (e) {
      this.ctx.log.error(`timeline request failed: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (this.uri?.toString() !== uri.toString()) return;
    if (!result?.run) {
      const message =
        result?.stale === 'errors'
          ? 'The file has errors: fix them to run it.'
          : result?.documentVersion === null
            ? 'Opening the file…'
            : 'Running…';
      this.post({ type: 'empty', uri: uri.toString(), fileName, message });
      return;
    }
    if (this.postedVersion === result.run.version && result.stale === undefined) {
      this.post({ type: 'stale', uri: uri.toString(), stale: null, documentVersion: result.documentVersion ?? result.run.version });
      return;
    }
    this.postedVersion = result.run.version;
    const message: ExtensionToWebview = {
      type: 'timeline',
      uri: uri.toString(),
      fileName,
      version: result.run.version,
      documentVersion: result.documentVersion,
      millis: result.run.millis,
      timeline: result.run.timeline,
      text: result.run.text,
    };
    if (result.stale) message.stale = result.stale;
    this.post(message);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    if (editor) this.post({ type: 'editorLine', uri: uri.toString(), line: editor.selection.active.line });
  }

  private post(message: ExtensionToWebview): void {
    if (!this.ready) return;
    void this.panel.webview.postMessage(message);
  }

  private onMessage(message: WebviewToExtension): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.postedVersion = null;
        if (message.state) this.viewState = message.state;
        if (!this.uri && message.state?.uri) this.follow(vscode.Uri.parse(message.state.uri), undefined);
        else void this.refresh();
        break;
      case 'reveal':
        void this.reveal(message.uri, message.line);
        break;
      case 'viewState':
        this.viewState = message.state;
        break;
      case 'export':
        if (message.format === 'png') void vscode.commands.executeCommand('replscope.exportTimelinePng', this.uri);
        else void vscode.commands.executeCommand('replscope.exportTimeline', this.uri, undefined, message.format);
        break;
      case 'statusAt':
        void this.answerStatus(message);
        break;
      case 'snapshot':
      case 'clicked':
      case 'pressed':
      case 'png':
        this.waiting.get(message.requestId)?.(message);
        this.waiting.delete(message.requestId);
        break;
      case 'log':
        if (message.level === 'error') this.ctx.log.error(`timeline webview: ${message.message}`);
        else this.ctx.log.info(`timeline webview: ${message.message}`);
        break;
    }
  }

  /** Asks the server for the status table at the webview's time cursor and hands it back. */
  private async answerStatus(message: Extract<WebviewToExtension, { type: 'statusAt' }>): Promise<void> {
    const uri = this.uri;
    if (!uri) return;
    let table = null;
    try {
      table = await this.ctx.client.sendRequest(TimelineStatusRequest.type, {
        uri: uri.toString(),
        version: message.version,
        time: message.time,
      });
    } catch (e) {
      this.ctx.log.error(`timeline status request failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.post({ type: 'status', requestId: message.requestId, version: message.version, time: message.time, table });
  }

  /** Reveals and selects `line` of the document in the editor column the panel follows. */
  private async reveal(uriText: string, line: number): Promise<void> {
    const uri = vscode.Uri.parse(uriText);
    const document = await vscode.workspace.openTextDocument(uri);
    if (line < 0 || line >= document.lineCount) return;
    const range = document.lineAt(line).range;
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    const editor = await vscode.window.showTextDocument(document, {
      viewColumn: visible?.viewColumn ?? this.editorColumn ?? vscode.ViewColumn.One,
      selection: new vscode.Selection(range.start, range.end),
      preserveFocus: false,
    });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /**
   * The whole timeline of the followed document as the webview draws it into a PNG (the exported SVG on a canvas):
   * a data URL, or why there is none (no run of that document drawn yet, a drawing too large for an image).
   */
  async renderPng(timeoutMs = 30_000): Promise<{ dataUrl: string } | { error: string; pending: boolean }> {
    const uri = this.uri?.toString();
    if (!uri || !this.ready) return { error: 'the timeline is not shown yet', pending: !this.disposed };
    const reply = await this.ask({ type: 'renderPng', requestId: this.nextRequestId++, uri }, timeoutMs);
    if (reply.type !== 'png') return { error: 'the panel closed', pending: false };
    return 'dataUrl' in reply ? { dataUrl: reply.dataUrl } : { error: reply.error, pending: reply.pending };
  }

  /** Test hook: what the webview's DOM shows now. */
  async snapshot(timeoutMs = 5000): Promise<TimelineSnapshot> {
    const reply = await this.ask({ type: 'snapshotRequest', requestId: this.nextRequestId++ }, timeoutMs);
    if (reply.type !== 'snapshot') throw new Error(`unexpected reply ${reply.type}`);
    return reply.snapshot;
  }

  /** Test hook: clicks the mark whose text contains `text` in the webview, through the same path as a user's click. */
  async simulateClick(text: string, timeoutMs = 5000): Promise<boolean> {
    const reply = await this.ask({ type: 'simulateClick', requestId: this.nextRequestId++, text }, timeoutMs);
    return reply.type === 'clicked' && reply.found;
  }

  /** Test hook: presses `key` on the diagram (keyboard use goes through the same handler). */
  async simulateKey(key: string, timeoutMs = 5000): Promise<void> {
    await this.ask({ type: 'simulateKey', requestId: this.nextRequestId++, key }, timeoutMs);
  }

  private ask(message: ExtensionToWebview & { requestId: number }, timeoutMs: number): Promise<WebviewToExtension> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(message.requestId);
        reject(new Error(`the timeline webview did not answer ${message.type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(message.requestId, (value) => {
        clearTimeout(timer);
        resolve(value);
      });
      void this.panel.webview.postMessage(message);
    });
  }

  private html(): string {
    const webview = this.panel.webview;
    const nonce = crypto.randomBytes(18).toString('base64');
    const dist = vscode.Uri.joinPath(this.ctx.extension.extensionUri, 'dist');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js'));
    const css = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css'));
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} data:`,
      `style-src ${webview.cspSource} 'nonce-${nonce}'`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css.toString()}" nonce="${nonce}">
<style nonce="${nonce}">${DIAGRAM_CSS}</style>
<title>ReplScope timeline</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (TimelinePanel.instance === this) TimelinePanel.instance = undefined;
    for (const resolve of this.waiting.values()) resolve({ type: 'log', level: 'error', message: 'panel closed' });
    this.waiting.clear();
    this.panel.dispose();
    while (this.disposables.length > 0) this.disposables.pop()?.dispose();
  }
}
