/**
 * Inlay hints after each transaction that reached the binlog: its coordinates and its fate, from the
 * current run (none while the run for this version is not back yet). Switchable with
 * `replscope.inlayHints.enabled`.
 */
import { InlayHintKind, type InlayHint, type InlayHintParams } from 'vscode-languageserver';
import type { Feature, ServerContext } from '../server';
import { requestDocument, validRange } from './params';

/** Asks the client to ask again, if it said it can be asked (not every editor can). */
function refresh(ctx: ServerContext): void {
  if (ctx.clientCapabilities().workspace?.inlayHint?.refreshSupport)
    void ctx.connection.languages.inlayHint.refresh().catch(() => undefined);
}

export const inlayHintsFeature: Feature = {
  capabilities: { inlayHintProvider: true },
  register(ctx) {
    ctx.connection.languages.inlayHint.on(
      ctx.guard('inlayHint', [] as InlayHint[], (params: InlayHintParams) => {
        const document = requestDocument(ctx, params);
        if (!document || !ctx.settings().inlayHints.enabled) return [];
        const run = ctx.runs.resultFor(document.uri, document.version);
        if (!run) return [];
        const lines = document.getText().split(/\r\n|\r|\n/);
        const range = validRange(document, params.range);
        if (!range) return [];
        const { start, end } = range;
        return run.digest.hints
          .filter((h) => h.line >= start.line && h.line <= end.line)
          .map((h): InlayHint => {
            const text = lines[h.line] ?? '';
            return {
              position: { line: h.line, character: text.replace(/\s*(#.*)?$/, '').length },
              label: h.label,
              tooltip: h.tooltip,
              kind: InlayHintKind.Type,
              paddingLeft: true,
            };
          });
      }),
    );
    ctx.onRun(() => refresh(ctx));
    ctx.onSettings(() => refresh(ctx));
  },
};
