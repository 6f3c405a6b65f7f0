/**
 * What the command line may print: user strings (names, statements, file names from `from binlog '…'`) reach the
 * terminal, so every control character that a terminal would act on is shown as an escape instead: C0 controls but
 * the tab and the line feed, DEL, the C1 controls (CSI, OSC, …) and the bidirectional overrides that reorder what is
 * seen. Pure.
 */

// C0 but \t and \n, DEL, C1, and the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and marks.
const unsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

/** Text for a terminal: `\x1b`, `\r`, `\u202e`, … written out, never sent. */
export function terminalSafe(text: string): string {
  return text.replace(unsafe, (c) => {
    const code = c.charCodeAt(0);
    if (c === '\r') return '\\r';
    return code < 0x100 ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
  });
}

/**
 * JSON text for a terminal: the same characters as `\uXXXX` escapes, which a JSON reader decodes back to the very
 * string (JSON.stringify already escapes C0; C1 and bidi controls it leaves raw).
 */
export function jsonTerminalSafe(json: string): string {
  return json.replace(unsafe, (c) => `\\u${hex(c.charCodeAt(0), 4)}`);
}
