/**
 * The ReplScope language server: one connection, the open documents, their cached analyses, and the
 * feature handlers. Every handler runs through `guard`, so an exception becomes a logged error and an
 * empty answer, never a dead server.
 */
import {
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { join } from 'node:path';
import { AnalysisCache } from './documents';
import { toLspDiagnostic } from './features/diagnostics';
import { features } from './features';
import { runDiagnostics } from './features/run-diagnostics';
import { RunScheduler, type RunResult } from './run-scheduler';

/** What a feature gets to register its handlers. */
export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  analyses: AnalysisCache;
  /** The engine runs, one per document; `resultFor(uri, version)` gives a trace only if it is current. */
  runs: RunScheduler;
  /** Called after each run whose result is current (to refresh inlay hints, the timeline, …). */
  onRun(listener: (result: RunResult) => void): void;
  /** Wraps a handler: a throw is logged and answered with `fallback`. */
  guard<P, R>(name: string, fallback: R, handler: (params: P) => R | Promise<R>): (params: P) => Promise<R>;
}

/** A feature: the capabilities it adds and the handlers it registers. */
export interface Feature {
  capabilities: ServerCapabilities;
  register(ctx: ServerContext): void;
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new AnalysisCache();
  const runListeners: ((result: RunResult) => void)[] = [];

  /** Syntax and checker diagnostics, plus the run's when its trace is for this very version. */
  const publish = (document: TextDocument) => {
    const analysis = analyses.get(document);
    const run = ctx.runs.resultFor(document.uri, document.version);
    const diagnostics = [...analysis.diagnostics, ...(run ? runDiagnostics(run.trace, document.getText().split(/\r?\n/)) : [])];
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: diagnostics.map(toLspDiagnostic) });
  };

  const runs = new RunScheduler(
    join(__dirname, 'engine-worker.js'),
    (result) => {
      const document = documents.get(result.uri);
      if (document?.version !== result.version) return;
      connection.console.log(
        `ran ${result.uri} v${result.version} in ${result.millis.toFixed(1)} ms (${result.trace.events.length} events)`,
      );
      publish(document);
      for (const listener of runListeners) listener(result);
    },
    (uri, message) => connection.console.error(`engine run for ${uri} failed: ${message}`),
  );

  const ctx: ServerContext = {
    connection,
    documents,
    analyses,
    runs,
    onRun: (listener) => runListeners.push(listener),
    guard: (name, fallback, handler) => async (params) => {
      try {
        return await handler(params);
      } catch (e) {
        connection.console.error(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        return fallback;
      }
    },
  };

  connection.onInitialize((): InitializeResult => {
    const capabilities: ServerCapabilities = { textDocumentSync: TextDocumentSyncKind.Incremental };
    for (const f of features) Object.assign(capabilities, f.capabilities);
    return { capabilities, serverInfo: { name: 'replscope', version: '0.1.0' } };
  });

  documents.onDidChangeContent(
    (change) =>
      void ctx.guard('diagnostics', undefined, () => {
        const document = change.document;
        publish(document);
        const analysis = analyses.get(document);
        if (analysis.runnable) runs.schedule(document.uri, document.version, analysis.scenario);
        else runs.cancel(document.uri);
      })(undefined),
  );
  documents.onDidClose((e) => {
    analyses.forget(e.document.uri);
    runs.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  connection.onShutdown(() => runs.dispose());

  for (const f of features) f.register(ctx);
  documents.listen(connection);
  connection.listen();
}
