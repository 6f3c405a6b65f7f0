/**
 * The simulation's only source of randomness: a small seeded generator (mulberry32), passed explicitly to whoever
 * draws from it. Never Math.random: a run must be a pure function of the scenario and the seed.
 */

/** A seeded pseudo-random generator; every draw advances its state. */
export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, bound] (inclusive); 0 when bound <= 0. */
  upTo(bound: number): number;
  /** The seed it was created with, for reports. */
  readonly seed: number;
}

/** Creates the generator for `seed` (any number; it is reduced to 32 bits). */
export function createPrng(seed: number): Prng {
  let state = (Math.trunc(seed) >>> 0) ^ 0x9e3779b9;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    next,
    upTo(bound: number): number {
      if (!(bound > 0)) return 0;
      return Math.floor(next() * (Math.floor(bound) + 1));
    },
  };
}
