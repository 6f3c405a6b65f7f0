/**
 * The language server's entry point (dist/server.js, also the npm package's `replscope-language-server`). VS Code
 * starts it over IPC (`--node-ipc`); other editors run it as is, over standard input and output, or name another
 * transport (`--stdio`, `--socket=N`, `--pipe=NAME`), which vscode-languageserver reads from the command line.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

declare const REPLSCOPE_VERSION: string;

const args = process.argv.slice(2);
if (args.includes('--version')) {
  process.stdout.write(`replscope-language-server ${typeof REPLSCOPE_VERSION === 'string' ? REPLSCOPE_VERSION : 'unknown'}\n`);
} else {
  if (!args.some((a) => /^--(stdio|node-ipc|socket|pipe)\b/.test(a))) process.argv.push('--stdio');
  startServer(createConnection(ProposedFeatures.all));
}
