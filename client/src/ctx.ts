/**
 * What the extension owns while it runs: the language client, the log channel and every disposable.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { registerTimeline } from './timeline-panel';
import { registerRunStatus } from './run-status';
import { registerTestExplorer } from './test-explorer';
import { registerTasks } from './tasks';
import { registerPropertyDiagnostics } from './property-diagnostics';

export class Ctx {
  private constructor(
    readonly extension: vscode.ExtensionContext,
    readonly client: LanguageClient,
    readonly log: vscode.LogOutputChannel,
  ) {}

  static async start(extension: vscode.ExtensionContext): Promise<Ctx> {
    const log = vscode.window.createOutputChannel('ReplScope', { log: true });
    extension.subscriptions.push(log);
    const module = vscode.Uri.joinPath(extension.extensionUri, 'dist', 'server.js').fsPath;
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ language: 'repl' }],
      outputChannel: log,
      traceOutputChannel: log,
    };
    // The id `replscope` makes vscode-languageclient read the `replscope.trace.server` setting.
    const client = new LanguageClient('replscope', 'ReplScope', serverOptions, clientOptions);
    await client.start();
    log.info('ReplScope language server started');
    const ctx = new Ctx(extension, client, log);
    registerCommands(ctx);
    registerTimeline(ctx);
    registerRunStatus(ctx);
    registerTestExplorer(ctx);
    registerPropertyDiagnostics(ctx);
    registerTasks(ctx);
    return ctx;
  }

  async dispose(): Promise<void> {
    await this.client.stop();
  }
}
