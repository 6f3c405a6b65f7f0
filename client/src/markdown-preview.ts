/**
 * A ```` ```repl ```` fenced block in Markdown drawn as its scenario's timeline: a markdown-it plugin that VS Code's
 * Markdown preview loads through `extendMarkdownIt` (package.json: `markdown.markdownItPlugins`). The block's text
 * goes through the same pipeline as `replscope run --svg` (analyze, a full run within the editor's budget, the
 * static SVG export), and the picture is put inline. A block that does not parse or check shows its diagnostics
 * (`line N: message`) in an error box; a block too large, a run stopped at a limit or an engine failure says so.
 * In the editor, the drawing is made on a worker thread (markdown-block-drawer.ts, markdown-worker.ts).
 * Nothing here throws: whatever the block holds, the preview gets markup. Pure: no `vscode` import.
 */
import { getHeapStatistics } from 'node:v8';
import { analyze } from '../../server/src/language/analyze';
import { startRun } from '../../server/src/run';
import { runWithin, type RunBudget } from '../../server/src/run-budget';
import { EDITOR_BUDGET } from '../../server/src/run-scheduler';
import { escapeMarkup as esc } from '../../server/src/timeline/escape';
import { exportRefusal, renderTimelineSvgElement } from '../../server/src/timeline/export';

/** The largest block drawn, in characters: a runbook's scenario is a page, not a generated corpus. */
export const MAX_BLOCK_CHARS = 64 * 1024;
/** Blocks whose markup is kept, so that typing elsewhere in the document does not run every scenario again. */
const CACHE_SIZE = 32;
/** The fence info words that mark a scenario. */
const LANGUAGES = new Set(['repl', 'replscope']);

/** The parts of markdown-it the plugin uses (the package ships no types, and the preview hands over its own instance). */
export interface MarkdownItLike {
  renderer: { rules: Record<string, FenceRule | undefined> };
}
type FenceRule = (tokens: FenceToken[], idx: number, options: unknown, env: unknown, self: unknown) => string;
interface FenceToken {
  info: string;
  content: string;
  map: [number, number] | null;
}

export interface ReplBlockOptions {
  /** The run's budget (default: the editor's, as the language server runs a file: 20 s, 512 MB more heap). */
  budget?: RunBudget;
}

const cache = new Map<string, string>();

/**
 * The editor's budget, in this thread: the run may use the editor's megabytes on top of what is in use already (in
 * the extension's drawing worker, little; drawn in place, the heap of the process).
 */
function editorBudgetHere(): RunBudget {
  const inUse = getHeapStatistics().used_heap_size / (1024 * 1024);
  return { ...EDITOR_BUDGET, heapMb: Math.ceil(inUse) + EDITOR_BUDGET.heapMb };
}

/** Is this fence's info string (`repl`, `repl title`, `{.repl}`…) a scenario? */
export function isReplFence(info: string): boolean {
  const word = info
    .trim()
    .split(/\s+/)[0]
    ?.replace(/^\{?\.?/, '')
    .replace(/\}$/, '');
  return word !== undefined && LANGUAGES.has(word.toLowerCase());
}

export function errorBox(title: string, lines: string[]): string {
  const items = lines.map((l) => `<li>${esc(l)}</li>`).join('');
  return `<div class="replscope-block replscope-error" role="alert" style="border:1px solid #c62828;border-left-width:4px;padding:6px 10px;margin:8px 0;font-family:var(--vscode-editor-font-family, monospace);font-size:12px;"><strong>${esc(title)}</strong>${items ? `<ul style="margin:4px 0 0;padding-left:18px;">${items}</ul>` : ''}</div>`;
}

/** The note shown in place of a block while its timeline is drawn (markdown-block-drawer.ts). */
export function pendingBox(text: string): string {
  const title = /^\s*scenario\s+"([^"\n]*)"/m.exec(text)?.[1];
  return `<div class="replscope-block replscope-pending" role="status" style="border:1px dashed #888;padding:6px 10px;margin:8px 0;font-family:var(--vscode-editor-font-family, monospace);font-size:12px;">ReplScope: running ${
    title === undefined ? 'the scenario' : `&ldquo;${esc(title)}&rdquo;`
  } to draw its timeline&hellip;</div>`;
}

function render(text: string, budget: RunBudget): string {
  if (text.length > MAX_BLOCK_CHARS)
    return errorBox('ReplScope: scenario not drawn', [
      `the block has ${text.length} characters and a Markdown block draws at most ${MAX_BLOCK_CHARS}: put the scenario in a .repl file and open its timeline there`,
    ]);
  const analysis = analyze(text);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (!analysis.runnable)
    return errorBox(
      `ReplScope: the scenario has ${errors.length} error${errors.length === 1 ? '' : 's'}`,
      errors.map((d) => `line ${d.range.start.line + 1}: ${d.message}`),
    );
  const trace = runWithin(startRun(analysis.scenario, {}, 'full'), budget);
  if (trace.internalError) return errorBox('ReplScope: the engine failed on this scenario', [trace.internalError.message]);
  const refused = exportRefusal(trace);
  if (refused) return errorBox('ReplScope: timeline not drawn', [refused]);
  const notes = trace.limit ? [trace.limit.message] : [];
  const failedExpectations = trace.expectations.filter((e) => !e.passed).map((e) => `line ${e.line + 1}: ${e.message}`);
  const caption = [...notes, ...failedExpectations];
  return `<div class="replscope-block" style="overflow-x:auto;margin:8px 0;">${renderTimelineSvgElement(trace)}${
    caption.length > 0 ? errorBox(trace.limit ? 'ReplScope: the run stopped at a limit' : 'ReplScope: failed expectations', caption) : ''
  }</div>`;
}

/** The markup of one ```` ```repl ```` block: its timeline, or a box with what is wrong. Never throws. */
export function renderReplBlock(text: string, options: ReplBlockOptions = {}): string {
  const budget = options.budget ?? editorBudgetHere();
  const key = options.budget ? undefined : text;
  if (key !== undefined) {
    const hit = cache.get(key);
    if (hit !== undefined) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
  }
  let markup: string;
  try {
    markup = render(text, budget);
  } catch (e) {
    markup = errorBox('ReplScope: the scenario could not be drawn', [e instanceof Error ? e.message : String(e)]);
  }
  if (key !== undefined) {
    cache.set(key, markup);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  }
  return markup;
}

/**
 * The markdown-it plugin: `repl` fences become timelines; every other fence is left to the rule before it. `draw`
 * gives a block's markup: by default drawn here and now; the extension hands in a drawer that runs the block on a
 * worker thread (markdown-block-drawer.ts), so the extension host never waits for a run.
 */
export function replMarkdownItPlugin<M extends MarkdownItLike>(md: M, draw: (text: string) => string = renderReplBlock): M {
  const previous = md.renderer.rules.fence;
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    if (token && isReplFence(token.info)) {
      const line = token.map ? ` data-line="${token.map[0]}"` : '';
      return `<div class="replscope-markdown${token.map ? ' code-line' : ''}"${line}>${draw(token.content)}</div>\n`;
    }
    return previous ? previous(tokens, idx, options, env, self) : '';
  };
  return md;
}
