/**
 * What the device check says about its matMul race, as pure functions of the measurements, so the
 * wording is tested without a GPU (main.test.ts).
 */
import type { TableRow } from '../api';
import { MIN_WINNING_SIZES, type CrossoverVerdict } from '../api/crossover.ts';

const isGpu = (backend: unknown) => backend === 'webgl' || backend === 'webgpu';

/**
 * Whether a GPU backend crossed over, by the course's rule (labs/api/crossover.ts): it must stay faster
 * from some size on, so one noisy median never reads as "the GPU starts to win".
 */
export function raceSentence(gpu: string, verdict: CrossoverVerdict, softwareGpu: boolean): string {
  if (verdict.from !== null && softwareGpu) {
    return (
      `${gpu} stayed faster than the CPU-side backends from n = ${verdict.from} on, but it is a software GPU, an emulator ` +
      'running on this same CPU: it used the cores differently, and that says nothing about a real GPU.'
    );
  }
  if (verdict.from !== null) {
    return (
      `${gpu} stays faster than the CPU-side backends from n = ${verdict.from} on: below that, launching work on the GPU ` +
      'costs more than the arithmetic it saves.'
    );
  }
  const largest = verdict.compared.at(-1)?.size;
  const upTo = largest === undefined ? '' : ` up to n = ${largest}`;
  const wins = verdict.compared.filter((size) => size.candidateFaster).map((size) => size.size);
  if (wins.length === 0) {
    return `${gpu} never beat the CPU-side backends${upTo}${softwareGpu ? ' (no surprise on a software GPU)' : ': the work is too small to pay for launching it on the GPU'}.`;
  }
  return (
    `${gpu} was faster at n = ${wins.length > 1 ? `${wins.slice(0, -1).join(', ')} and ${wins.at(-1)}` : wins[0]} only: no crossover${upTo}. A crossover needs the GPU to stay faster at every ` +
    `larger size, over ${MIN_WINNING_SIZES} sizes or more, since one median can be noise${softwareGpu ? ' (and on a software GPU none is expected)' : ''}.`
  );
}

/**
 * What the first run's extra time was, per backend: compiling a shader on a GPU backend; allocating and
 * warming caches on a CPU-side one. Where the first run was not slower, it says so instead.
 */
export function firstRunSentence(rows: readonly TableRow[]): string {
  const slower = rows.filter((row) => Number(row['first run ms']) > Number(row['median ms']) * 1.1);
  const gpuSlower = [...new Set(slower.filter((row) => isGpu(row.backend)).map((row) => row.backend))];
  const cpuSlower = [...new Set(slower.filter((row) => !isGpu(row.backend)).map((row) => row.backend))];
  const parts = [
    gpuSlower.length > 0
      ? `On ${gpuSlower.join(' and ')} a first run slower than the median pays for compiling the shader for that size.`
      : '',
    cpuSlower.length > 0
      ? `On ${cpuSlower.join(' and ')} there is no shader to compile: a slower first run is memory being allocated and caches warming up.`
      : '',
  ].filter(Boolean);
  return parts.length > 0
    ? `The first run is timed apart. ${parts.join(' ')} Sizes where the first run was not slower had no one-off cost to pay.`
    : 'The first run, timed apart, was no slower than the median anywhere here: no one-off cost showed.';
}
