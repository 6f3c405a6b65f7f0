/**
 * A variant as a `.repl` file of its own: the file as written, its policy's settings added to every server's braces,
 * its `explore` lines gone (the variant is one policy), and the crash point as a trigger at the end. Running it gives
 * the variant's run, so a class's example can be opened, read and shared like any scenario.
 */
import type { Position } from '../language/ast';
import { parseRepl } from '../language/parse';
import { crashPointText } from './crash-points';
import type { CaseExample } from './explore';
import { policyText } from './policies';

/** The variant's file text. */
export function variantFile(text: string, example: CaseExample): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: Position) => (lineStarts[p.line] ?? text.length) + p.character;
  const settings = Object.entries(example.settings).map(([k, v]) => `${k}=${v}`);
  const edits: { from: number; to: number; insert: string }[] = [];
  for (const item of parseRepl(text).file.items) {
    if (item.kind === 'explore') {
      const end = offset(item.range.end);
      edits.push({ from: offset({ line: item.range.start.line, character: 0 }), to: text[end] === '\n' ? end + 1 : end, insert: '' });
    } else if (item.kind === 'server' && settings.length > 0) {
      const end = offset(item.range.end);
      const brace = text.lastIndexOf('}', end);
      if (brace >= offset(item.range.start) && brace < end)
        edits.push({ from: brace, to: brace, insert: `${text[brace - 1] === ' ' ? '' : ' '}${settings.join(' ')} ` });
      else edits.push({ from: end, to: end, insert: ` { ${settings.join(' ')} }` });
    }
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.insert + out.slice(e.to);
  const trailer = [
    `# Crash point ${example.case} of replscope explore, policy ${policyText(example.settings)}:`,
    crashPointText(example.crashPoint),
  ];
  return `${out}${out.endsWith('\n') || out === '' ? '' : '\n'}${trailer.join('\n')}\n`;
}
