/**
 * Rename, with prepareRename: a refusal (a keyword, MySQL's own words, an automatic transaction name, a name
 * already taken) comes back as a ResponseError whose message the editor shows as it is.
 */
import {
  ErrorCodes,
  ResponseError,
  type PrepareRenameParams,
  type Range,
  type RenameParams,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { renameEdits, renameTarget } from '../language/rename';
import type { Feature } from '../server';
import { requestDocument, validPosition } from './params';

export const rename: Feature = {
  capabilities: { renameProvider: { prepareProvider: true } },
  register(ctx) {
    ctx.connection.onPrepareRename(
      ctx.guard(
        'prepareRename',
        null,
        (params: PrepareRenameParams): { range: Range; placeholder: string } | ResponseError<void> | null => {
          const document = requestDocument(ctx, params);
          const position = document && validPosition(document, params.position);
          if (!document || !position) return null;
          const target = renameTarget(ctx.analyses.get(document), position);
          if (!target.ok) return new ResponseError(ErrorCodes.InvalidRequest, target.message);
          return { range: target.range, placeholder: target.text };
        },
      ),
    );
    ctx.connection.onRenameRequest(
      ctx.guard('rename', null, (params: RenameParams): WorkspaceEdit | ResponseError<void> | null => {
        const document = requestDocument(ctx, params);
        const position = document && validPosition(document, params.position);
        if (!document || !position || typeof params.newName !== 'string') return null;
        const result = renameEdits(ctx.analyses.get(document), document.getText(), position, params.newName);
        if (!result.ok) return new ResponseError(ErrorCodes.InvalidRequest, result.message);
        return { changes: { [document.uri]: result.ranges.map((range) => ({ range, newText: params.newName })) } };
      }),
    );
  },
};
