/**
 * mulberry32: a tiny, fast, seedable pseudo-random generator returning numbers in [0, 1). The same seed
 * gives the same sequence in every browser and in Node, which is how the labs give every backend the very
 * same data, shuffles and batches, how the data scripts pack the same files every time, and how each quiz
 * shows its options in the same order on every visit (src/quiz/option-order.ts).
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
