/**
 * How an expectation compares a status value with the one written in the file: numbers numerically (only when both
 * are written as decimal numbers: `0x10` or `1e3` are words), words by code point after folding ASCII letters only
 * (ON/on, Yes/yes). Never `localeCompare`: under a collation, NUL, a soft hyphen or a zero-width space weigh nothing,
 * so `'mysql-bin.000001\0\0'` would equal `'mysql-bin.000001'`.
 */

const decimal = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

function asNumber(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  return decimal.test(value) ? Number(value) : undefined;
}

/** `A`–`Z` to `a`–`z`, nothing else (no locale, no Unicode case folding that maps several code points to one). */
function foldAscii(text: string): string {
  return text.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

/** Negative, zero or positive as `a` sorts before, with or after `b`, by code point. */
export function codePointOrder(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const y = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/** The sign of `actual - expected`, as an expectation compares them. */
export function statusOrder(actual: string | number, expected: string | number): number {
  const a = asNumber(actual);
  const e = asNumber(expected);
  if (a !== undefined && e !== undefined) return a - e;
  return codePointOrder(foldAscii(String(actual)), foldAscii(String(expected)));
}
