/**
 * A language client for tests: spawns the bundled server (`node dist/server.js --stdio`) and talks JSON-RPC
 * to it over its stdin/stdout, as any LSP editor would. Collects published diagnostics and log messages.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';
import { repoRoot } from './snippet';

export const serverPath = join(repoRoot, 'dist', 'server.js');

export class TestClient {
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  private waiters: { matches: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  private versions = new Map<string, number>();

  /** What the server answered to `initialize`. */
  initialized: InitializeResult = { capabilities: {} };

  private constructor(
    readonly process: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
  ) {
    connection.onNotification(LogMessageNotification.type, (p) => this.logs.push(p.message));
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => this.notifyDiagnostics(p));
    // The server asks for configuration (inlay hints): answer as a client without settings does.
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
  }

  /** Starts the server (`node dist/server.js --stdio`, or `command`) and does the initialize handshake. */
  static async start(
    command: { file: string; args: string[] } = { file: process.execPath, args: [serverPath, '--stdio'] },
  ): Promise<TestClient> {
    if (!existsSync(serverPath)) throw new Error(`${serverPath} is missing: run \`node scripts/build.mjs\` first`);
    const child = spawn(command.file, command.args, { stdio: 'pipe' });
    child.stderr.resume();
    const client = new TestClient(
      child,
      createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin)),
    );
    client.initialized = await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        textDocument: {
          publishDiagnostics: { relatedInformation: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          rename: { prepareSupport: true },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, dataSupport: true },
        },
        workspace: { configuration: true },
      },
      workspaceFolders: null,
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  private notifyDiagnostics(p: PublishDiagnosticsParams): void {
    this.diagnostics.push(p);
    const ready = this.waiters.filter((w) => w.matches(p));
    this.waiters = this.waiters.filter((w) => !w.matches(p));
    for (const w of ready) w.resolve(p);
  }

  /** The first diagnostics published for `uri` at `version` (or already published). */
  diagnosticsFor(uri: string, version: number, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const matches = (p: PublishDiagnosticsParams) => p.uri === uri && p.version === version;
    const already = this.diagnostics.find(matches);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        matches,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  /** Opens a document; returns its diagnostics. */
  async open(uri: string, text: string): Promise<PublishDiagnosticsParams> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'repl', version: 1, text },
    });
    return this.diagnosticsFor(uri, 1);
  }

  /** Changes a document (full or incremental changes); returns its new diagnostics. */
  async change(uri: string, contentChanges: TextDocumentContentChangeEvent[]): Promise<PublishDiagnosticsParams> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
    return this.diagnosticsFor(uri, version);
  }

  /** Shuts the server down and makes sure the process is gone. */
  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.process.exitCode !== null) resolve();
      else this.process.once('exit', () => resolve());
    });
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // The server may already be gone; the kill below makes sure.
    }
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}
