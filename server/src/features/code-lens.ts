/**
 * A CodeLens above the `scenario` line (or the first line when there is none): `Run and Preview`, which opens
 * the live timeline beside the editor, `Export Timeline`, and `Explore Crash Points` (the crash-point sweep's heat map).
 */
import type { CodeLens } from 'vscode-languageserver';
import type { Feature } from '../server';
import { requestDocument } from './params';

export const codeLensFeature: Feature = {
  capabilities: { codeLensProvider: { resolveProvider: false } },
  register(ctx) {
    ctx.connection.onCodeLens(
      ctx.guard('codeLens', [] as CodeLens[], (params): CodeLens[] => {
        const document = requestDocument(ctx, params);
        if (!document) return [];
        const scenario = ctx.analyses.get(document).parse.file.items.find((i) => i.kind === 'scenario');
        const line = scenario?.range.start.line ?? 0;
        const range = { start: { line, character: 0 }, end: { line, character: 0 } };
        return [
          { range, command: { title: '$(play) Run and Preview', command: 'replscope.preview', arguments: [document.uri] } },
          { range, command: { title: '$(export) Export Timeline', command: 'replscope.exportTimeline', arguments: [document.uri] } },
          {
            range,
            command: { title: '$(debug-alt) Explore Crash Points', command: 'replscope.exploreCrashPoints', arguments: [document.uri] },
          },
        ];
      }),
    );
  },
};
