/**
 * The crossover rule of "Find the size at which your GPU beats your CPU", as the check applies it: the
 * smallest size from which the GPU stays faster. A single faster size is not a crossover: timings are
 * noisy, and one lucky median (a CPU run interrupted by the browser, say) would otherwise decide the
 * answer. So the GPU must be faster at that size and at every larger size both sides measured, and that
 * run of wins must span at least two sizes. Sizes only one side measured (a sweep that stopped early at
 * its time budget) are left out. The timings are medians of several runs; this rule does not take them
 * apart.
 *
 * The learner writes their own `findCrossover` in main.ts; this reference stays with the check.
 */

/** Sizes a crossover needs, in a row, the GPU faster at each: one win alone may be noise. */
export const minimumWinningSizes = 2;

/** The sizes both sides measured, from small to large. */
export function sharedSizes(cpuMs: ReadonlyMap<number, number>, gpuMs: ReadonlyMap<number, number>): number[] {
  return [...gpuMs.keys()].filter((size) => cpuMs.has(size)).sort((a, b) => a - b);
}

/**
 * The smallest size at which the GPU's median is below the CPU's and stays below at every larger shared
 * size, over at least `minimumWinningSizes` sizes; null when there is none.
 */
export function stableCrossover(cpuMs: ReadonlyMap<number, number>, gpuMs: ReadonlyMap<number, number>): number | null {
  const sizes = sharedSizes(cpuMs, gpuMs);
  // Walk down from the largest size while the GPU keeps winning: where the walk stops, the run of wins starts.
  let start = sizes.length;
  while (start > 0) {
    const size = sizes[start - 1];
    if (!((gpuMs.get(size) as number) < (cpuMs.get(size) as number))) break;
    start -= 1;
  }
  return sizes.length - start >= minimumWinningSizes ? sizes[start] : null;
}
