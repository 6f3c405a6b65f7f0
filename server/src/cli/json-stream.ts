/**
 * JSON text in pieces: the same text as `JSON.stringify(value, null, indent)`, produced a value at a time for the
 * outer levels, so that a trace of millions of events is written without ever being one string (V8 caps a string
 * at about 512 MB: `RangeError: Invalid string length`). Values deeper than `depth` are stringified whole.
 */

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON !== 'function'
  );
}

/** Whether JSON.stringify leaves out an object member with this value. */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** Yields the pieces of `JSON.stringify(value, null, indent)`, in order. */
export function* jsonPieces(value: unknown, indent = 1, depth = 3, level = 0): Generator<string> {
  const inner = ' '.repeat(indent * (level + 1));
  const outer = ' '.repeat(indent * level);
  if (level < depth && Array.isArray(value) && value.length > 0) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield `${i > 0 ? ',' : ''}\n${inner}`;
      const item: unknown = value[i];
      if (omitted(item)) yield 'null';
      else yield* jsonPieces(item, indent, depth, level + 1);
    }
    yield `\n${outer}]`;
    return;
  }
  if (level < depth && isPlainObject(value)) {
    const keys = Object.keys(value).filter((k) => !omitted(value[k]));
    if (keys.length > 0) {
      yield '{';
      for (let i = 0; i < keys.length; i++) {
        yield `${i > 0 ? ',' : ''}\n${inner}${JSON.stringify(keys[i])}: `;
        yield* jsonPieces(value[keys[i]], indent, depth, level + 1);
      }
      yield `\n${outer}}`;
      return;
    }
  }
  const whole = JSON.stringify(value, null, indent);
  // JSON.stringify never puts a raw line break inside a string, so re-indenting by line is safe.
  yield level === 0 || whole === undefined ? (whole ?? 'null') : whole.replace(/\n/g, `\n${outer}`);
}
