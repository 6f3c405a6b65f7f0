/**
 * `replscope check` and `replscope test` as VS Code tasks (type `replscope`, package.json's task definition): the
 * command line shipped with the extension (dist/cli.js), run by the extension host's own Node.js, its output read by
 * the `$replscope` problem matcher, so problems and failed expectations land in the Problems panel.
 */
import * as vscode from 'vscode';
import type { Ctx } from './ctx';

/** A task of type `replscope`, as written in tasks.json. */
interface ReplScopeTaskDefinition extends vscode.TaskDefinition {
  command: 'check' | 'test';
  /** A file, or a folder for `test`; default: the active file for `check`, the workspace folder for `test`. */
  file?: string;
}

function isDefinition(value: vscode.TaskDefinition): value is ReplScopeTaskDefinition {
  return (
    value.type === 'replscope' &&
    (value.command === 'check' || value.command === 'test') &&
    (value.file === undefined || typeof value.file === 'string')
  );
}

/** The task that runs `definition`, in `scope`. */
function taskOf(ctx: Ctx, definition: ReplScopeTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope): vscode.Task {
  const cli = vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'cli.js').fsPath;
  const target = definition.file ?? (definition.command === 'check' ? '${file}' : '.');
  const cwd = typeof scope === 'object' ? scope.uri.fsPath : undefined;
  // ELECTRON_RUN_AS_NODE: in desktop VS Code the extension host's executable is Electron's, which then runs as Node.js.
  const execution = new vscode.ProcessExecution(process.execPath, [cli, definition.command, target], {
    ...(cwd ? { cwd } : {}),
    env: { ELECTRON_RUN_AS_NODE: '1' },
  });
  const name =
    definition.command === 'check' ? `check ${definition.file ?? 'the active file'}` : `test ${definition.file ?? 'the workspace'}`;
  const task = new vscode.Task(definition, scope, name, 'replscope', execution, ['$replscope']);
  task.group = definition.command === 'test' ? vscode.TaskGroup.Test : vscode.TaskGroup.Build;
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent, clear: true };
  return task;
}

export function registerTasks(ctx: Ctx): void {
  ctx.extension.subscriptions.push(
    vscode.tasks.registerTaskProvider('replscope', {
      provideTasks() {
        const tasks: vscode.Task[] = [];
        for (const folder of vscode.workspace.workspaceFolders ?? []) {
          tasks.push(taskOf(ctx, { type: 'replscope', command: 'test' }, folder));
          tasks.push(taskOf(ctx, { type: 'replscope', command: 'check' }, folder));
        }
        return tasks;
      },
      resolveTask(task) {
        if (!isDefinition(task.definition)) return undefined;
        const scope = task.scope ?? vscode.TaskScope.Workspace;
        return taskOf(ctx, task.definition, scope === vscode.TaskScope.Global ? vscode.TaskScope.Workspace : scope);
      },
    }),
  );
}
