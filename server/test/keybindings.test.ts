// The extension's keybindings (package.json): Run and Preview is Ctrl/Cmd+K V in a `.repl` editor, the chord of
// Markdown's "open preview to the side", and no ReplScope key takes a key Markdown's preview commands use, nor
// applies outside a `.repl` editor.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

interface Keybinding {
  command: string;
  key: string;
  mac?: string;
  when?: string;
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  contributes: { keybindings: Keybinding[]; commands: { command: string }[] };
};
const keybindings = manifest.contributes.keybindings;

/** The keys of VS Code's built-in Markdown preview commands (extensions/markdown-language-features). */
const markdownKeys = ['ctrl+shift+v', 'cmd+shift+v'];

void test('Run and Preview is bound to Ctrl+K V (Cmd+K V on macOS) in a .repl editor', () => {
  const preview = keybindings.filter((k) => k.command === 'replscope.preview');
  assert.deepEqual(
    preview.map((k) => [k.key, k.mac, k.when]),
    [['ctrl+k v', 'cmd+k v', 'editorLangId == repl']],
  );
});

void test('every ReplScope key is for a .repl editor, runs a contributed command, and leaves Markdown its keys', () => {
  const commands = new Set(manifest.contributes.commands.map((c) => c.command));
  assert.ok(keybindings.length > 0);
  for (const k of keybindings) {
    assert.ok(commands.has(k.command), `${k.command} is a contributed command`);
    assert.match(k.when ?? '', /\beditorLangId == repl\b/, `${k.key} applies to .repl editors only`);
    for (const key of [k.key, k.mac]) assert.ok(!markdownKeys.includes(key ?? ''), `${key} is Markdown's preview key`);
  }
});
