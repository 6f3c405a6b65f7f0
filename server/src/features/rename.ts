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

export const rename: Feature = {
  capabilities: { renameProvider: { prepareProvider: true } },
  register(ctx) {
    ctx.connection.onPrepareRename(
      ctx.guard(
        'prepareRename',
        null,
        (params: PrepareRenameParams): { range: Range; placeholder: string } | ResponseError<void> | null => {
          const document = ctx.documents.get(params.textDocument.uri);
          if (!document) return null;
          const target = renameTarget(ctx.analyses.get(document), params.position);
          if (!target.ok) return new ResponseError(ErrorCodes.InvalidRequest, target.message);
          return { range: target.range, placeholder: target.text };
        },
      ),
    );
    ctx.connection.onRenameRequest(
      ctx.guard('rename', null, (params: RenameParams): WorkspaceEdit | ResponseError<void> | null => {
        const document = ctx.documents.get(params.textDocument.uri);
        if (!document) return null;
        const result = renameEdits(ctx.analyses.get(document), document.getText(), params.position, params.newName);
        if (!result.ok) return new ResponseError(ErrorCodes.InvalidRequest, result.message);
        return { changes: { [document.uri]: result.ranges.map((range) => ({ range, newText: params.newName })) } };
      }),
    );
  },
};
