/**
 * Inlay hints after each transaction that reached the binlog: its coordinates and its fate, from the
 * current run (none while the run for this version is not back yet). Switchable with
 * `replscope.inlayHints.enabled`.
 */
import { InlayHintKind, type InlayHint, type InlayHintParams } from 'vscode-languageserver';
import type { Feature, ServerContext } from '../server';

async function enabled(ctx: ServerContext): Promise<boolean> {
  const config: unknown = await ctx.connection.workspace.getConfiguration('replscope.inlayHints').catch(() => undefined);
  return !(typeof config === 'object' && config !== null && 'enabled' in config && config.enabled === false);
}

export const inlayHintsFeature: Feature = {
  capabilities: { inlayHintProvider: true },
  register(ctx) {
    ctx.connection.languages.inlayHint.on(
      ctx.guard('inlayHint', [] as InlayHint[], async (params: InlayHintParams) => {
        const document = ctx.documents.get(params.textDocument.uri);
        if (!document || !(await enabled(ctx))) return [];
        const run = ctx.runs.resultFor(document.uri, document.version);
        if (!run) return [];
        const lines = document.getText().split(/\r\n|\r|\n/);
        const { start, end } = params.range;
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
    ctx.onRun(() => void ctx.connection.languages.inlayHint.refresh().catch(() => undefined));
  },
};
