/**
 * Exercise: find the size from which your GPU beats your CPU.
 *
 * The sweep (sweep.ts) times an n × n matrix product at sizes from 32 to 1024: first on a CPU-side
 * backend (WebAssembly, or plain JavaScript where WASM does not start), then on a GPU backend (WebGPU or
 * WebGL) if one starts. Each size's time is the median of 3 runs. Your part is the answer: from which size
 * on is the GPU faster, and how to say so honestly.
 */
import type { BackendName, Lab } from '../api';
import { SIZES, sweep } from './sweep.ts';

const CPU_SIDE: readonly BackendName[] = ['wasm', 'cpu'];
const GPU_SIDE: readonly BackendName[] = ['webgpu', 'webgl'];

/**
 * The crossover: the smallest size from which the GPU stays faster. Both maps go from matrix size to
 * median milliseconds; a sweep that stopped early has fewer sizes. Returns null when there is none.
 */
export function findCrossover(cpuMs: ReadonlyMap<number, number>, gpuMs: ReadonlyMap<number, number>): number | null {
  // TODO: this answers with the first size at which the GPU wins, even if it loses again after it.
  const sizes = [...gpuMs.keys()].filter((size) => cpuMs.has(size)).sort((a, b) => a - b);
  for (const size of sizes) {
    if ((gpuMs.get(size) ?? Infinity) < (cpuMs.get(size) ?? Infinity)) return size;
  }
  return null;
}

/** The answer in one sentence: "The GPU stays faster from 256 × 256 on." or "No crossover up to 512 × 512." */
export function answerInWords(cpuMs: ReadonlyMap<number, number>, gpuMs: ReadonlyMap<number, number>): string {
  const crossover = findCrossover(cpuMs, gpuMs);
  if (crossover !== null) return `The GPU stays faster from ${crossover} × ${crossover} on.`;
  // TODO: the sweep may stop before the largest size. Name the largest size both sides measured.
  const largest = SIZES[SIZES.length - 1];
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
