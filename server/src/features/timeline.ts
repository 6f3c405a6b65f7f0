/**
 * The timeline's side of the server: answers `replscope/timeline` with a document's latest run (even an older one
 * while the text has errors, so the panel keeps a picture and says it is stale) and announces each new run with
 * `replscope/traceChanged`. The worker that keeps the run's trace makes the panel's data, the status table at the
 * panel's time cursor (`replscope/timelineStatus`) and the exported file (`replscope/timelineFile`); this thread passes
 * them on.
 */
import { requestUri, stringList } from './params';
import type { Feature, ServerContext } from '../server';
import {
  TimelineFileRequest,
  TimelineRequest,
  TimelineStatusRequest,
  TraceChangedNotification,
  type TimelineFileResult,
  type TimelineResult,
} from '../protocol';

export const timelineFeature: Feature = {
  capabilities: {},
  register(ctx) {
    ctx.onRun((result) => {
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
          version: ctx.runs.lastResult(document.uri)?.version ?? null,
          documentVersion: document.version,
          runnable: false,
        });
      })(undefined);
    });

    ctx.connection.onRequest(
      TimelineRequest.type,
      ctx.guard('timeline', null, async (params): Promise<TimelineResult | null> => {
        const uri = requestUri(params);
        if (uri === undefined) return null;
        const document = ctx.documents.get(uri);
        const run = ctx.runs.lastResult(uri);
        const payload = run ? await ctx.runs.query(uri, run.version, { kind: 'timeline', query: {} }) : null;
        const result: TimelineResult = {
          uri,
          documentVersion: document?.version ?? null,
          run: run && payload ? { version: run.version, millis: run.millis, ...payload } : null,
        };
        if (document && (!run || run.version !== document.version)) {
          result.stale = ctx.analyses.get(document).runnable ? 'running' : 'errors';
        }
        return result;
      }),
    );

    registerTimelineQueries(ctx);
  },
};

/** The questions the panel and the export ask about a run's trace, answered by the worker that keeps it. */
function registerTimelineQueries(ctx: ServerContext): void {
  ctx.connection.onRequest(
    TimelineStatusRequest.type,
    ctx.guard('timeline-status', null, (params) => {
      const uri = requestUri(params);
      if (uri === undefined) return null;
      const { version, time } = params as { version: unknown; time: unknown };
      if (!Number.isInteger(version) || typeof time !== 'number' || !Number.isFinite(time)) return null;
      return ctx.runs.query(uri, version as number, { kind: 'statusTable', time });
    }),
  );

  ctx.connection.onRequest(
    TimelineFileRequest.type,
    ctx.guard('timeline-file', null, async (params): Promise<TimelineFileResult | null> => {
      const uri = requestUri(params);
      if (uri === undefined) return null;
      const { format, collapsed, hidden, scale } = params as { format: unknown; collapsed: unknown; hidden: unknown; scale: unknown };
      if (format !== 'svg' && format !== 'html') return null;
      const document = ctx.documents.get(uri);
      const run = ctx.runs.lastResult(uri);
      const file = run
        ? await ctx.runs.query(uri, run.version, {
            kind: 'timelineFile',
            format,
            collapsed: stringList(collapsed) ?? [],
            hidden: stringList(hidden) ?? [],
            scale: scale === 'time' ? 'time' : 'events',
          })
        : null;
      if (file && 'refused' in file) return { run: null, refused: file.refused };
      const result: TimelineFileResult = { run: run && file ? { version: run.version, text: file.text } : null };
      if (document && !result.run) result.stale = ctx.analyses.get(document).runnable ? 'running' : 'errors';
      return result;
    }),
  );
}
