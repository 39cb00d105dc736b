/** A wrong answer the tests use (never shown): it finds where the GPU stays faster, but takes one win at the largest size for a crossover. */
import type { BackendName, Lab } from '../api';
import { SIZES, sweep } from './sweep.ts';

const CPU_SIDE: readonly BackendName[] = ['wasm', 'cpu'];
const GPU_SIDE: readonly BackendName[] = ['webgpu', 'webgl'];

/** The sizes both sides measured, from small to large. */
function sharedSizes(cpuMs: ReadonlyMap<number, number>, gpuMs: ReadonlyMap<number, number>): number[] {
  return [...gpuMs.keys()].filter((size) => cpuMs.has(size)).sort((a, b) => a - b);
}

/**
 * The crossover: the smallest size from which the GPU stays faster. Both maps go from matrix size to
 * median milliseconds; a sweep that stopped early has fewer sizes. Returns null when there is none.
 */
export function findCrossover(cpuMs: ReadonlyMap<number, number>, gpuMs: ReadonlyMap<number, number>): number | null {
  const gpuWins = (size: number) => (gpuMs.get(size) ?? Infinity) < (cpuMs.get(size) ?? Infinity);
  // Walk down from the largest size while the GPU keeps winning: the last size reached starts the run of wins.
  let crossover: number | null = null;
  let wins = 0;
  for (const size of sharedSizes(cpuMs, gpuMs).reverse()) {
    if (!gpuWins(size)) break;
    crossover = size;
    wins += 1;
  }
  // Wrong: one winning size, the largest, counts as a crossover.
  return wins >= 1 ? crossover : null;
}

/** The answer in one sentence: "The GPU stays faster from 256 × 256 on." or "No crossover up to 512 × 512." */
export function answerInWords(cpuMs: ReadonlyMap<number, number>, gpuMs: ReadonlyMap<number, number>): string {
  const crossover = findCrossover(cpuMs, gpuMs);
  if (crossover !== null) return `The GPU stays faster from ${crossover} × ${crossover} on.`;
  const sizes = sharedSizes(cpuMs, gpuMs);
  if (sizes.length === 0) return 'No size was measured on both sides.';
  const largest = sizes[sizes.length - 1];
  return `No crossover up to ${largest} × ${largest}.`;
}

/** Milliseconds to 3 decimals for the table; null where a side did not measure the size. */
function rounded(value: number | undefined): number | null {
  return value === undefined ? null : Math.round(value * 1000) / 1000;
}

export default async function main(lab: Lab): Promise<number | null> {
  const cpu = await sweep(lab, CPU_SIDE);
  if (!cpu) throw new Error('No CPU-side backend started.');
  const gpu = await sweep(lab, GPU_SIDE);
  if (!gpu) {
    lab.log('No GPU backend started here, so there is no crossover to find.');
    return null;
  }
  lab.table(
    SIZES.filter((size) => cpu.medians.has(size) || gpu.medians.has(size)).map((size) => ({
      size,
      [`${cpu.backend} ms`]: rounded(cpu.medians.get(size)),
      [`${gpu.backend} ms`]: rounded(gpu.medians.get(size)),
    })),
    { title: 'Median milliseconds of one matMul' },
  );
  lab.log(answerInWords(cpu.medians, gpu.medians));
  const crossover = findCrossover(cpu.medians, gpu.medians);
  if (crossover === null && gpu.softwareRenderer) {
    lab.log(`${gpu.backend} runs on a software renderer here: the "GPU" is this CPU behind an emulator, so it cannot win.`);
  }
  return crossover;
}
