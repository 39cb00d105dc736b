/**
 * Check for "Find the size at which your GPU beats your CPU". findCrossover is tried on made-up timings
 * (deterministic); main's answer is judged against the timings its own lab.time calls reported, which
 * come from the lab API, not from anything the program printed.
 */
import type { ExerciseCheck, ExerciseOutput, Requirement } from '../api/exercise';
import { exportedFunction } from '../exercise-kit/exports.ts';
import { ms, requirement, show } from '../exercise-kit/requirement.ts';

type FindCrossover = (cpuMs: ReadonlyMap<number, number>, gpuMs: ReadonlyMap<number, number>) => unknown;
type Timings = ReadonlyMap<number, number>;

const gpuBackends = new Set(['webgl', 'webgpu']);
const cpuBackends = new Set(['wasm', 'cpu']);

interface Case {
  what: string;
  cpu: Timings;
  gpu: Timings;
  answer: number | null;
}

const cases: readonly Case[] = [
  {
    what: 'a real GPU that pulls ahead at 128',
    cpu: new Map([
      [32, 0.1],
      [64, 0.6],
      [128, 3.1],
      [256, 24],
    ]),
    gpu: new Map([
      [32, 2],
      [64, 2.1],
      [128, 2.4],
      [256, 4],
    ]),
    answer: 128,
  },
  {
    what: 'the GPU measured in a different order, and the CPU side stopped early',
    cpu: new Map([
      [32, 0.2],
      [64, 1.5],
    ]),
    gpu: new Map([
      [256, 0.9],
      [64, 0.7],
      [32, 0.5],
      [128, 0.8],
    ]),
    answer: 64,
  },
  {
    what: 'a software GPU that never wins',
    cpu: new Map([
      [32, 0.1],
      [64, 0.6],
      [128, 3.1],
      [256, 24],
    ]),
    gpu: new Map([
      [32, 5],
      [64, 9],
      [128, 30],
      [256, 210],
    ]),
    answer: null,
  },
];

function timingsText(timings: Timings): string {
  return `{ ${[...timings].map(([size, value]) => `${size}: ${value}`).join(', ')} }`;
}

/** The reference answer, for main's own measurements. */
function crossoverOf(cpu: Timings, gpu: Timings): number | null {
  const sizes = [...gpu.keys()].filter((size) => cpu.has(size)).sort((a, b) => a - b);
  return sizes.find((size) => (gpu.get(size) ?? Infinity) < (cpu.get(size) ?? Infinity)) ?? null;
}

/** The fastest median per size among the timings of `backends`, and which backend it came from. */
function fastest(
  outputs: readonly ExerciseOutput[],
  backends: ReadonlySet<string>,
): Map<number, { ms: number; backend: string }> {
  const best = new Map<number, { ms: number; backend: string }>();
  for (const output of outputs) {
    if (output.kind !== 'timing' || !backends.has(output.backend)) continue;
    const size = Number(/\d+/.exec(output.timing.label)?.[0]);
    if (!Number.isFinite(size)) continue;
    const known = best.get(size);
    if (!known || output.timing.medianMs < known.ms) best.set(size, { ms: output.timing.medianMs, backend: output.backend });
  }
  return best;
}

function msOf(timings: ReadonlyMap<number, { ms: number }>): Map<number, number> {
  return new Map([...timings].map(([size, { ms: value }]) => [size, value]));
}

const check: ExerciseCheck = ({ run, program }) => {
  const found = exportedFunction<FindCrossover>(program, 'findCrossover');
  if (!found.ok) return [found.requirement];
  const findCrossover = found.value;
  const requirements: Requirement[] = [];

  const judged = cases.map((example) => {
    let answer: unknown;
    try {
      answer = findCrossover(example.cpu, example.gpu);
    } catch (error) {
      answer = `an error: ${error instanceof Error ? error.message : String(error)}`;
    }
    return { ...example, given: answer };
  });
  const crossings = judged.filter((example) => example.answer !== null);
  const wrongCrossing = crossings.find((example) => example.given !== example.answer);
  requirements.push(
    requirement(
      'finds-crossover',
      'findCrossover returns the first size at which the GPU is faster',
      wrongCrossing === undefined,
      wrongCrossing
        ? `For ${wrongCrossing.what}, findCrossover(${timingsText(wrongCrossing.cpu)}, ${timingsText(wrongCrossing.gpu)}) returned ` +
            `${show(wrongCrossing.given)}; the GPU is first faster at ${wrongCrossing.answer}. Compare only sizes both sides measured, from small to large.`
        : '',
      `Right for ${crossings.map((example) => example.what).join(' and for ')}.`,
    ),
  );
  const never = judged.find((example) => example.answer === null);
  requirements.push(
    requirement(
      'no-crossover-is-null',
      'When the GPU never wins, findCrossover returns null',
      never?.given === null,
      `For ${never?.what}, findCrossover returned ${show(never?.given)}, but the GPU is slower at every size: return null, ` +
        '"no crossover up to the largest size", which is a result, not a failure.',
      `Returns null for ${never?.what}.`,
    ),
  );

  const cpu = fastest(run.outputs, cpuBackends);
  const gpu = fastest(run.outputs, gpuBackends);
  const largest = Math.max(...cpu.keys());
  const expected = gpu.size === 0 ? null : crossoverOf(msOf(cpu), msOf(gpu));
  let problem: string | null = null;
  if (run.error !== null) problem = 'main did not finish (see the error above), so it gave no answer.';
  else if (cpu.size === 0) problem = 'main timed nothing on a CPU-side backend with lab.time, so its answer cannot be checked.';
  else if (run.returned !== expected) {
    const evidence =
      expected === null
        ? gpu.size === 0
          ? 'no GPU backend was timed here'
          : `the GPU was slower at every size it shares with the CPU side`
        : `its own timings say the GPU (${gpu.get(expected)?.backend}, ${ms(gpu.get(expected)?.ms ?? Number.NaN)}) is first faster at ${expected} ` +
          `(${cpu.get(expected)?.backend}: ${ms(cpu.get(expected)?.ms ?? Number.NaN)})`;
    problem =
      `main returned ${show(run.returned)}, but ${evidence}, so the honest answer is ` +
      `${expected === null ? `null: no crossover up to ${largest}` : String(expected)}.`;
  }
  requirements.push(
    requirement(
      'honest-answer',
      "main's answer agrees with its own measurements",
      problem === null,
      problem ?? '',
      expected === null
        ? `main returned null: ${gpu.size === 0 ? 'no GPU backend started here' : 'the GPU never won'}, so there is no crossover up to ${largest}.`
        : `main returned ${expected}, where its own timings show the GPU pulling ahead.`,
    ),
  );
  return requirements;
};

export default check;
