/** Values of literal tokens: durations, sizes and quoted strings. */

const durationUnits: Record<string, number> = { us: 1, ms: 1000, s: 1_000_000 };

/** `250us` → 250, `2ms` → 2000, `1.5s` → 1 500 000 (whole microseconds, rounded). */
export function durationMicros(image: string): number {
  const m = /^(\d+(?:\.\d+)?)(us|ms|s)$/.exec(image);
  if (!m) return Number.NaN;
  return Math.round(Number.parseFloat(m[1]) * durationUnits[m[2]]);
}

const sizeUnits: Record<string, number> = { KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/** `4KB` → 4096 (binary units, as MySQL reads `max_binlog_size=4K`). */
export function sizeBytes(image: string): number {
  const m = /^(\d+)(KB|MB|GB)$/i.exec(image);
  if (!m) return Number.NaN;
  return Number.parseInt(m[1], 10) * sizeUnits[m[2].toUpperCase()];
}

const rateUnits: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/** `10MB/s` → 10 485 760 bytes per second (binary units, as sizes), rounded; NaN for anything else. */
export function rateBytesPerSecond(image: string): number {
  const m = /^(\d+(?:\.\d+)?)(B|KB|MB|GB)\/s$/i.exec(image);
  if (!m) return Number.NaN;
  return Math.round(Number.parseFloat(m[1]) * rateUnits[m[2].toUpperCase()]);
}

/** `'it''s'` → `it's`. */
export function unquote(image: string): string {
  const q = image[0];
  if ((q !== "'" && q !== '"') || image.length < 2) return image;
  return image
    .slice(1, -1)
    .split(q + q)
    .join(q);
}

/** Formats microseconds the way the language writes them: `250us`, `2ms`, `1.5s`. */
export function formatMicros(micros: number): string {
  if (micros >= 1_000_000 && micros % 1000 === 0) return `${micros / 1_000_000}s`;
  if (micros >= 1000) return `${Number((micros / 1000).toFixed(3))}ms`;
  return `${micros}us`;
}
