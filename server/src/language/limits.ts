/**
 * The limits of the input (docs/limits.md): past them a file is refused with one clear diagnostic, in the editor
 * and on the command line (exit 2), instead of being parsed, checked and run at any cost.
 */

/** The largest scenario file, in UTF-8 bytes: 16 MiB (a generated 100,000-transaction scenario is about 6 MB). */
export const maxInputBytes = 16 * 1024 * 1024;

/**
 * The most steps the loops of one file may expand to (`repeat`, `every`): as many as the largest generated scenario
 * writes out by hand. A loop past it is refused on its own line instead of being expanded.
 */
export const maxExpandedSteps = 100_000;

/** UTF-8 length of a string, without allocating it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Whether a document's text is past the input limit (cheap when it is far below it). */
export function tooLarge(text: string): boolean {
  if (text.length > maxInputBytes) return true;
  if (text.length * 3 <= maxInputBytes) return false;
  return utf8Length(text) > maxInputBytes;
}
