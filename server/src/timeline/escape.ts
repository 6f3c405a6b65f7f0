/**
 * Escaping for every string that comes from a `.repl` file (names, SQL text, row values, engine labels) before it
 * goes into SVG or HTML markup. The webview sets rendered markup with `innerHTML` and the exports are opened by
 * browsers, so an unescaped `<img src=x onerror=…>` in a server name would be markup, not text.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes `&`, `<`, `>`, `"` and `'`: safe in element text and in quoted attribute values, in HTML and XML. */
export function escapeMarkup(text: string | number): string {
  // Characters XML 1.0 forbids (C0 controls other than tab/newline/CR) would make an SVG file unreadable.
  return String(text)
    .replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '\ufffd');
}

/** Truncates `text` to `max` characters with an ellipsis (before escaping: counts characters, not entities). */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
