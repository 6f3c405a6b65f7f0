// ```repl blocks drawn off the calling thread (markdown-block-drawer.ts, on dist/markdown-worker.js): the plugin gets
// a "running" note at once, the drawing the worker makes is the one renderReplBlock makes, it is announced and then
// found, and the calling thread keeps running while a large block is drawn.
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { BlockDrawer } from '../../src/markdown-block-drawer';
import { pendingBox, renderReplBlock, replMarkdownItPlugin, type MarkdownItLike } from '../../src/markdown-preview';
import { scaleScenarioText } from '../../../server/test/helpers/scale-scenario';

const root = join(__dirname, '..', '..', '..');
const workerPath = join(root, 'dist', 'markdown-worker.js');
const example = (prefix: string) => {
  const dir = join(root, 'examples');
  const name = readdirSync(dir).find((f) => f.startsWith(prefix) && f.endsWith('.repl'));
  assert.ok(name, `an example ${prefix}*`);
  return readFileSync(join(dir, name), 'utf8');
};

/** A drawer whose announcements resolve, in order, the promises `next()` hands out. */
function drawerWithAnnouncements(): { drawer: BlockDrawer; next: () => Promise<void> } {
  let resolve: (() => void) | undefined;
  const drawer = new BlockDrawer(workerPath, () => resolve?.());
  return { drawer, next: () => new Promise<void>((r) => (resolve = r)) };
}

void test('a block is a running note first, then the drawing renderReplBlock makes, once announced', async () => {
  const text = example('s04-');
  const { drawer, next } = drawerWithAnnouncements();
  try {
    const announced = next();
    const md = replMarkdownItPlugin(new MarkdownIt({ html: true }) as unknown as MarkdownItLike, (t) =>
      drawer.markup(t),
    ) as unknown as MarkdownIt;
    const first = md.render(`\`\`\`repl\n${text}\`\`\`\n`);
    assert.ok(first.includes(pendingBox(text)), first);
    assert.match(first, /replscope-pending[^>]*>ReplScope: running &ldquo;AFTER_COMMIT: crash before the ACK/);
    assert.ok(!first.includes('<svg'), 'no picture before the worker has drawn it');
    assert.ok(drawer.busy);
    // Asked again while it is drawn: still the note, and not a second run.
    assert.equal(drawer.markup(text), pendingBox(text));
    await announced;
    assert.ok(!drawer.busy);
    assert.equal(drawer.markup(text), renderReplBlock(text));
    assert.match(md.render(`\`\`\`repl\n${text}\`\`\`\n`), /<svg /);
  } finally {
    drawer.dispose();
  }
});

void test('the calling thread keeps running while a large block is drawn', async () => {
  const text = scaleScenarioText(600);
  const { drawer, next } = drawerWithAnnouncements();
  try {
    const order: string[] = [];
    const announced = next().then(() => order.push('drawn'));
    drawer.markup(text);
    // A timer set after the request fires before the drawing is in: the run is not on this thread.
    await new Promise((resolve) => setTimeout(resolve, 0)).then(() => order.push('timer'));
    await announced;
    assert.deepEqual(order, ['timer', 'drawn']);
    assert.match(drawer.markup(text), /<svg /);
  } finally {
    drawer.dispose();
  }
});

void test('a block with errors comes back as its error box, the same as drawn in place', async () => {
  const text = 'scenario "broken"\nsource m1 { }\nexpect m9 File = \'x\'\n';
  const { drawer, next } = drawerWithAnnouncements();
  try {
    const announced = next();
    assert.equal(drawer.markup(text), pendingBox(text));
    await announced;
    assert.equal(drawer.markup(text), renderReplBlock(text));
    assert.match(drawer.markup(text), /replscope-error/);
  } finally {
    drawer.dispose();
  }
});
