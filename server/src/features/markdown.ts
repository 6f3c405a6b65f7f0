/**
 * The only ways a string from the file (names, statements, file names from `from binlog '…'`, labels and status
 * values of a run) enters a hover's markdown: as escaped text, in a code span or in a code block that the string
 * cannot close. Nothing the file says can then become a link, an image, HTML, a table cell or a heading.
 */

/**
 * Text: every character that can start markup backslash-escaped (CommonMark allows it before any ASCII
 * punctuation), `&` as an entity, line breaks as spaces. Against GFM's autolinks, `:` and `@` are escaped (no
 * `scheme://` or `mailto:`, no `//host`, no e-mail address) and so is the dot of `www.`. A `_` inside a word stays
 * (it never starts emphasis there), a `:` before anything but `/` too (`mysql-bin.000001:4`), and `-`, `.`, `,`
 * but at the very start, where they could open a list or a heading.
 */
export function mdText(text: string): string {
  return (
    text
      .replace(/\r\n|\r|\n/g, ' ')
      // Leading blanks would start an indented code block (four) or be dropped (fewer): dropped here.
      .replace(/^\s+/, '')
      .replace(/[\\`*[\]<>|!#~{}@$]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|:(?=\/)|(?<=mailto|xmpp|tel|sms):|(?<=\/)\//gi, (c) => `\\${c}`)
      .replace(/&/g, '&amp;')
      .replace(/(www)\./gi, '$1\\.')
      .replace(/^[-+=]/, (c) => `\\${c}`)
      .replace(/^(\d+)([.)])/, '$1\\$2')
  );
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/** A code span: delimited by more backticks than any run inside, padded so that a backtick at an end stays in. */
export function mdCode(text: string): string {
  const flat = text.replace(/\r\n|\r|\n/g, ' ');
  const fence = '`'.repeat(longestRun(flat, '`') + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A fenced code block whose fence is longer than any backtick run inside (so no line of it can close it). */
export function mdCodeBlock(text: string, language = 'repl'): string {
  const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

/** A table cell: escaped text (a `|` cannot end the cell, a line break cannot end the row). */
export function mdCell(text: string): string {
  return mdText(text);
}
