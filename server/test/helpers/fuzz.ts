/**
 * The fuzz generators' knobs: `npm test` runs them with the fixed seed and the bounded count; scripts/fuzz.mjs sets
 * REPLSCOPE_FUZZ_SCALE (how many times more cases) and REPLSCOPE_FUZZ_SEED (added to each generator's own seed).
 */
export const FUZZ_SCALE = Math.max(1, Math.floor(Number(process.env.REPLSCOPE_FUZZ_SCALE ?? 1)) || 1);
export const FUZZ_SEED = Math.floor(Number(process.env.REPLSCOPE_FUZZ_SEED ?? 0)) || 0;
