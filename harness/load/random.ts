/**
 * A small seeded PRNG (mulberry32), so Poisson arrivals and product ids repeat run to run and
 * every worker can regenerate the same global arrival sequence.
 */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [1, n], uniform. */
export function uniformInt(random: Random, n: number): number {
  return 1 + Math.floor(random() * n);
}
