// The Get Started walkthrough (package.json `contributes.walkthroughs`): four steps (open an example, run and preview
// it, explore its crash points, run its expectations as tests), each with a Markdown page in the repository and a
// completion event; every command a step names, in its description, its page or its completion event, is a
// contributed command that the extension registers. That the pages ship is vsix-contents.test.ts's.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: unknown; svg?: string };
  completionEvents?: string[];
}
const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[]; walkthroughs: { id: string; title: string; steps: Step[] }[] };
};
const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
const clientSource = readdirSync(join(root, 'client', 'src'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(join(root, 'client', 'src', f), 'utf8'))
  .join('\n');
const walkthrough = manifest.contributes.walkthroughs.find((w) => w.id === 'getStarted');
const steps = walkthrough?.steps ?? [];

/** The commands `command:` links in `markdown` run. */
const commandLinks = (markdown: string) => [...markdown.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1] ?? '');

void test('the walkthrough opens an example, runs it, explores it and runs its tests, in that order', () => {
  assert.ok(walkthrough, 'a walkthrough getStarted');
  assert.deepEqual(
    steps.map((s) => s.completionEvents),
    [
      ['onCommand:replscope.openExample'],
      ['onCommand:replscope.preview'],
      ['onCommand:replscope.exploreCrashPoints'],
      ['onCommand:replscope.runExpectations'],
    ],
  );
});

void test("every step's command is contributed and registered, and its page is in the repository", () => {
  assert.ok(steps.length > 0);
  for (const step of steps) {
    const page = step.media.markdown;
    assert.ok(page, `${step.id} has a Markdown page`);
    assert.ok(existsSync(join(root, page)), `${step.id}: ${page} exists`);
    const links = [...commandLinks(step.description), ...commandLinks(readFileSync(join(root, page), 'utf8'))];
    assert.ok(links.length > 0, `${step.id} has a button`);
    const events = (step.completionEvents ?? []).map((e) => /^onCommand:(.+)$/.exec(e)?.[1]);
    assert.ok(events.length > 0 && events.every(Boolean), `${step.id} completes on a command`);
    for (const command of [...links, ...(events as string[])]) {
      assert.ok(contributed.has(command), `${step.id}: ${command} is a contributed command`);
      assert.ok(clientSource.includes(`'${command}'`), `${step.id}: ${command} is registered in client/src`);
    }
    // The step's button runs the command that completes it.
    for (const command of events)
      assert.ok(commandLinks(step.description).includes(command as string), `${step.id}: a button runs ${command}`);
  }
});
