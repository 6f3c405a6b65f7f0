/**
 * The ReplScope language server: one connection, the open documents, their cached analyses, and the
 * feature handlers. Every handler runs through `guard`, so an exception becomes a logged error and an
 * empty answer, never a dead server.
 *
 * Changes are coalesced: a burst of edits marks the document dirty and it is analysed and run once, for its
 * newest version, when the burst pauses (requests in between are answered from the analysis of the version they
 * are about).
 */
import {
  DidChangeConfigurationNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { join } from 'node:path';
import { AnalysisCache } from './documents';
import { toLspDiagnostic } from './features/diagnostics';
import { features } from './features';
import { lineRange, runDiagnostics } from './features/run-diagnostics';
import { RunScheduler, type RunResult } from './run-scheduler';
import { RunStatusNotification, type RunStatusParams } from './protocol';
import type { ReplDiagnostic } from './language/diagnostic';
import { DEFAULT_SETTINGS, settingsFrom, type Settings } from './settings';

/** A change is analysed once no other change came for this long… */
const QUIET_MS = 2;
/** …or once the first of a burst has waited this long. */
const MAX_WAIT_MS = 50;

/** The package's version, set by the build (scripts/build.mjs). */
declare const REPLSCOPE_VERSION: string;

/** What a feature gets to register its handlers. */
export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  analyses: AnalysisCache;
  /** The engine runs: `resultFor(uri, version)` gives a run's digest only if it is current; `query` asks its worker about the trace. */
  runs: RunScheduler;
  /** Called after each run whose result is current (to refresh inlay hints, the timeline, …). */
  onRun(listener: (result: RunResult) => void): void;
  /** The settings, as last read from the client. */
  settings(): Settings;
  /** Called when the settings change. */
  onSettings(listener: (settings: Settings) => void): void;
  /** What the client said it supports (at initialize). */
  clientCapabilities(): ClientCapabilities;
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
  const settingsListeners: ((settings: Settings) => void)[] = [];
  let settings = DEFAULT_SETTINGS;
  let capabilities: ClientCapabilities = {};
  /** A worker that failed on a document's version: said on that version's diagnostics. */
  const failures = new Map<string, { version: number; message: string }>();

  /** Syntax and checker diagnostics, plus the run's when its digest is for this very version. */
  const publish = (document: TextDocument) => {
    const analysis = analyses.get(document);
    const run = ctx.runs.resultFor(document.uri, document.version);
    const lines = document.getText().split(/\r\n|\r|\n/);
    const diagnostics: ReplDiagnostic[] = [...analysis.diagnostics, ...(run ? runDiagnostics(run.digest, lines) : [])];
    const failure = failures.get(document.uri);
    if (failure?.version === document.version)
      diagnostics.push({ range: lineRange(lines, 0), severity: 'error', code: 'engine-failed', message: failure.message });
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: diagnostics.map(toLspDiagnostic) });
  };
  const status = (params: RunStatusParams) => void connection.sendNotification(RunStatusNotification.type, params);

  const runs = new RunScheduler(join(__dirname, 'engine-worker.js'), {
    started: (uri, version) => status({ uri, version, state: 'running' }),
    finished: (result) => {
      const document = documents.get(result.uri);
      if (document?.version !== result.version) return;
      const { digest } = result;
      connection.console.log(
        `ran ${result.uri} v${result.version} in ${result.millis.toFixed(1)} ms (${digest.processedEvents} events${digest.limit ? `, stopped: ${digest.limit.kind}` : ''})`,
      );
      failures.delete(result.uri);
      publish(document);
      status({
        uri: result.uri,
        version: result.version,
        state: digest.limit ? 'too_big' : 'done',
        millis: result.millis,
        events: digest.processedEvents,
        message: digest.limit?.message,
      });
      for (const listener of runListeners) listener(result);
    },
    failed: (uri, version, why) => {
      const message = `the engine's worker failed while running this version (${why}); it was restarted, and the next change runs again`;
      connection.console.error(`engine run for ${uri} v${version} failed: ${why}`);
      failures.set(uri, { version, message });
      status({ uri, version, state: 'failed', message });
      const document = documents.get(uri);
      if (document?.version === version) publish(document);
    },
  });

  const ctx: ServerContext = {
    connection,
    documents,
    analyses,
    runs,
    onRun: (listener) => runListeners.push(listener),
    settings: () => settings,
    onSettings: (listener) => settingsListeners.push(listener),
    clientCapabilities: () => capabilities,
    guard: (name, fallback, handler) => async (params) => {
      try {
        return await handler(params);
      } catch (e) {
        connection.console.error(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        return fallback;
      }
    },
  };

  connection.onInitialize((params): InitializeResult => {
    capabilities = params.capabilities;
    const offered: ServerCapabilities = { textDocumentSync: TextDocumentSyncKind.Incremental };
    for (const f of features) Object.assign(offered, f.capabilities);
    const version = typeof REPLSCOPE_VERSION === 'string' ? REPLSCOPE_VERSION : 'unknown';
    return { capabilities: offered, serverInfo: { name: 'replscope', version } };
  });

  /** Reads the `replscope` section, when the client can be asked for configuration at all. */
  const readSettings = ctx.guard('settings', undefined, async () => {
    if (!capabilities.workspace?.configuration) return;
    settings = settingsFrom(await connection.workspace.getConfiguration('replscope'));
    for (const listener of settingsListeners) listener(settings);
  });
  connection.onInitialized(() => {
    if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration)
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'replscope' });
    void readSettings(undefined);
  });
  connection.onDidChangeConfiguration(() => void readSettings(undefined));

  /** Documents changed since they were last analysed; handled once the messages already received are read. */
  const dirty = new Set<string>();
  const settle = ctx.guard('diagnostics', undefined, () => {
    const uris = [...dirty];
    dirty.clear();
    for (const uri of uris) {
      const document = documents.get(uri);
      if (!document) continue;
      publish(document);
      const analysis = analyses.get(document);
      if (analysis.runnable) runs.schedule(document.uri, document.version, analysis.scenario);
      else {
        runs.cancel(document.uri);
        status({ uri, version: document.version, state: 'stale', message: 'the file has errors: it is not run, and the last run is kept' });
      }
    }
  });
  // The connection hands over one message per turn of the event loop, so "after the messages already read" is a
  // quiet moment: a change waits QUIET_MS for the next one, a flood at most MAX_WAIT_MS in all.
  let quiet: ReturnType<typeof setTimeout> | undefined;
  let firstDirty = 0;
  documents.onDidChangeContent((change) => {
    const now = performance.now();
    if (dirty.size === 0) firstDirty = now;
    dirty.add(change.document.uri);
    if (quiet && now - firstDirty >= MAX_WAIT_MS) return;
    if (quiet) clearTimeout(quiet);
    quiet = setTimeout(() => {
      quiet = undefined;
      void settle(undefined);
    }, QUIET_MS);
  });
  documents.onDidClose((e) => {
    dirty.delete(e.document.uri);
    failures.delete(e.document.uri);
    analyses.forget(e.document.uri);
    runs.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  connection.onShutdown(() => runs.dispose());

  for (const f of features) f.register(ctx);
  documents.listen(connection);
  connection.listen();
}
