/**
 * The worker thread that draws ```` ```repl ```` blocks for the Markdown preview (markdown-block-drawer.ts): a block's
 * run can take seconds, and the extension host, where the Markdown extension renders, must not wait for it.
 */
import { parentPort } from 'node:worker_threads';
import { renderReplBlock } from './markdown-preview';
import type { FromBlockWorker, ToBlockWorker } from './markdown-block-drawer';

parentPort?.on('message', (message: ToBlockWorker) => {
  // renderReplBlock never throws: whatever the block holds, the answer is markup.
  const answer: FromBlockWorker = { id: message.id, markup: renderReplBlock(message.text) };
  parentPort?.postMessage(answer);
});
