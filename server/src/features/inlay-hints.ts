/**
 * Inlay hints after each transaction that reached the binlog: its coordinates and its fate, from the
 * current run (none while the run for this version is not back yet). Switchable with
 * `replscope.inlayHints.enabled`.
 */
import { InlayHintKind, type InlayHint, type InlayHintParams } from 'vscode-languageserver';
import type { Feature, ServerContext } from '../server';
import { transactionHint } from './run-view';

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
        const lines = document.getText().split(/\r?\n/);
        return run.trace.transactions
          .filter(
            (t) => t.endLine >= params.range.start.line && t.endLine <= params.range.end.line && (t.binlog || t.outcome.kind !== 'ok'),
          )
          .map((t): InlayHint => {
            const text = lines[t.endLine] ?? '';
            const end = text.replace(/\s*(#.*)?$/, '').length;
            return {
              position: { line: t.endLine, character: end },
              label: `${t.id}: ${transactionHint(run.trace, t)}`,
              kind: InlayHintKind.Type,
              paddingLeft: true,
            };
          });
      }),
    );
    ctx.onRun(() => void ctx.connection.languages.inlayHint.refresh().catch(() => undefined));
  },
};
