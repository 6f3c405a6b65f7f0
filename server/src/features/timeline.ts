/**
 * The timeline's side of the server: answers `replscope/timeline` with a document's latest run (even an older one
 * while the text has errors, so the panel keeps a picture and says it is stale) and announces each new run with
 * `replscope/traceChanged`. The panel draws the trace itself, with the shared timeline code.
 */
import type { Feature } from '../server';
import type { RunResult } from '../run-scheduler';
import { TimelineRequest, TraceChangedNotification, type TimelineResult } from '../protocol';

export const timelineFeature: Feature = {
  capabilities: {},
  register(ctx) {
    // The scheduler keeps only the result for the current version; the panel wants the last good one too.
    const lastRun = new Map<string, RunResult>();

    ctx.onRun((result) => {
      lastRun.set(result.uri, result);
      const document = ctx.documents.get(result.uri);
      void ctx.connection.sendNotification(TraceChangedNotification.type, {
        uri: result.uri,
        version: result.version,
        documentVersion: document?.version ?? result.version,
        runnable: true,
      });
    });

    // A text that stops checking does not run: say so, so the panel can mark its picture as stale.
    ctx.documents.onDidChangeContent((change) => {
      const document = change.document;
      void ctx.guard('timeline-change', undefined, () => {
        if (ctx.analyses.get(document).runnable) return;
        void ctx.connection.sendNotification(TraceChangedNotification.type, {
          uri: document.uri,
          version: lastRun.get(document.uri)?.version ?? null,
          documentVersion: document.version,
          runnable: false,
        });
      })(undefined);
    });
    ctx.documents.onDidClose((e) => lastRun.delete(e.document.uri));

    ctx.connection.onRequest(
      TimelineRequest.type,
      ctx.guard('timeline', null, (params): TimelineResult | null => {
        const document = ctx.documents.get(params.uri);
        const run = (document && ctx.runs.resultFor(params.uri, document.version)) ?? lastRun.get(params.uri);
        const result: TimelineResult = {
          uri: params.uri,
          documentVersion: document?.version ?? null,
          run: run ? { version: run.version, millis: run.millis, trace: run.trace } : null,
        };
        if (document && (!run || run.version !== document.version)) {
          result.stale = ctx.analyses.get(document).runnable ? 'running' : 'errors';
        }
        return result;
      }),
    );
  },
};
