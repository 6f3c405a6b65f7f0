import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './helpers';

// `replscope test` as a VS Code task (type replscope, the provider's "test the workspace"): the `$replscope` problem
// matcher puts a failed expectation of a file nobody opened into the Problems panel, at its line.
const failing = `scenario "wrong"
flavor mysql-8.0
source m1 { }
replica r1 of m1 { }
table t (id int primary key)
client app on m1
app: insert into t values (1)
expect r1 has t(id=2)
`;

describe('tasks', function () {
  this.timeout(90_000);

  it('runs replscope test as a task and shows the failed expectation in the Problems panel', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const uri = vscode.Uri.joinPath(folder.uri, 'tasks-fixture', 'failing.repl');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(failing));
    try {
      const tasks = await vscode.tasks.fetchTasks({ type: 'replscope' });
      const testTask = tasks.find((t) => t.definition.command === 'test');
      assert.ok(testTask, `the provider offers a test task (got ${tasks.map((t) => t.name).join(', ')})`);
      assert.deepEqual(testTask.problemMatchers, ['$replscope']);
      const ended = new Promise<number | undefined>((resolve) => {
        const listener = vscode.tasks.onDidEndTaskProcess((e) => {
          if (e.execution.task.definition.type !== 'replscope') return;
          listener.dispose();
          resolve(e.exitCode);
        });
      });
      await vscode.tasks.executeTask(testTask);
      assert.equal(await ended, 1, 'replscope test exits 1: an expectation failed');
      const problem = await waitFor(
        () => vscode.languages.getDiagnostics(uri).find((d) => /expected r1 has t\(id=2\)/.test(d.message)),
        20_000,
        'the failed expectation in the Problems panel',
      );
      assert.equal(problem.range.start.line, 7);
      assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(problem.source, 'replscope');
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
  });
});
