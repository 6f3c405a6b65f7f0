/**
 * Markdown as a renderer reads it (markdown-it with GFM-style autolinks and HTML on): what in a hover would be
 * active or structural.
 */
import MarkdownIt from 'markdown-it';

export const md = new MarkdownIt({ html: true, linkify: true });

export type Token = ReturnType<MarkdownIt['parse']>[number];

/** What a renderer would make active or structural in `markdown`: links, images, HTML, table rows too wide. */
export function activeParts(markdown: string): string[] {
  const found: string[] = [];
  let headCells = 0;
  let rowCells = 0;
  const visit = (tokens: Token[]) => {
    for (const t of tokens) {
      if (t.type === 'link_open') found.push(`link ${JSON.stringify(t.attrs)}`);
      if (t.type === 'image') found.push(`image ${JSON.stringify(t.attrs)}`);
      if (t.type === 'html_inline' || t.type === 'html_block') found.push(`html ${t.content}`);
      if (t.type === 'tr_open') rowCells = 0;
      if (t.type === 'th_open') headCells++;
      if (t.type === 'td_open' && ++rowCells > headCells) found.push('a table cell past the head');
      if (t.type === 'thead_close') rowCells = 0;
      if (t.children) visit(t.children);
    }
  };
  visit(md.parse(markdown, {}));
  return found;
}
