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
import { AnalysisCache } from './documents';
import { toLspDiagnostic } from './features/diagnostics';
import { features } from './features';

/** What a feature gets to register its handlers. */
export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  analyses: AnalysisCache;
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
  const ctx: ServerContext = {
    connection,
    documents,
    analyses,
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
        const analysis = analyses.get(change.document);
        void connection.sendDiagnostics({
          uri: change.document.uri,
          version: change.document.version,
          diagnostics: analysis.diagnostics.map(toLspDiagnostic),
        });
      })(undefined),
  );
  documents.onDidClose((e) => {
    analyses.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  for (const f of features) f.register(ctx);
  documents.listen(connection);
  connection.listen();
}
