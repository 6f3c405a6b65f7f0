import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { repoRoot } from './helpers';

// ReplScope: Verify Against a Real Server runs the command line's `verify` on real MariaDB servers (npm test installs
// mariadb-server with the conformance suite, before this one) and shows the same table as the command line.
describe('Verify Against a Real Server', function () {
  this.timeout(120_000);

  it('runs a conformance scenario on real MariaDB servers and shows the engine and real values side by side', async () => {
    const uri = vscode.Uri.file(path.join(repoRoot, 'server', 'test', 'conformance', 'c02-insert-many-rows.repl'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const result = await vscode.commands.executeCommand<{ code: number; output: string } | undefined>('replscope.verify', uri);
    assert.ok(result, 'the command ran');
    assert.match(result.output, /engine vs MariaDB 10\.11/);
    assert.match(result.output, /^line +value +engine +real +match$/m);
    assert.match(result.output, /^11 +m1 Position +903 +903 +yes$/m);
    assert.match(result.output, /\d+ of \d+ values match/);
    assert.ok(result.code === 0 || result.code === 1, `exit ${result.code}:\n${result.output}`);
  });
});
