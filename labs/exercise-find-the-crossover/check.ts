/**
 * Check for "Find the size from which your GPU beats your CPU". findCrossover and answerInWords are tried
 * on made-up tables (deterministic, and unlike the program's own); main's answer is judged against the
 * timings its own lab.time calls reported, which come from the lab API, not from anything the program
 * printed. The rule is the kit's stableCrossover (../exercise-kit/crossover.ts, unit-tested there). No
 * verdict depends on how fast this machine is: main is judged against whatever it measured.
 */
import type { ExerciseCheck, ExerciseOutput, Requirement } from '../api/exercise';
import { sharedSizes, stableCrossover } from '../exercise-kit/crossover.ts';
import { exportedFunction } from '../exercise-kit/exports.ts';
import { blocked, count, requirement, show } from '../exercise-kit/requirement.ts';

type Timings = ReadonlyMap<number, number>;
type TableFunction = (cpuMs: Timings, gpuMs: Timings) => unknown;

const gpuBackends = new Set(['webgl', 'webgpu']);
const cpuBackends = new Set(['wasm', 'cpu']);
/** Timed runs a median needs, at least, so that one slow run cannot decide a size. */
const minimumRepeats = 3;

/** A table from sizes 32, 64, 128… to the given medians. */
function table(...medians: number[]): Map<number, number> {
  return new Map(medians.map((value, index) => [32 * 2 ** index, value]));
}

interface Case {
  what: string;
  cpu: Timings;
  gpu: Timings;
}

const cpu = table(0.1, 0.6, 3, 24, 190, 1500);
const cpuStoppedEarly = table(0.1, 0.6, 3, 24);
const realGpu: Case = { what: 'a real GPU', cpu, gpu: table(2, 2.1, 2.4, 4, 12, 80) };
const softwareGpuStoppedEarly: Case = {
  what: 'a software GPU, with the CPU side stopped at 256',
  cpu: cpuStoppedEarly,
  gpu: table(5, 9, 30, 210, 1700, 14000),
};
/** Tables with a crossover. */
const crossings: readonly Case[] = [
  realGpu,
  { what: 'a GPU with one noisy win at 64', cpu, gpu: table(2, 0.5, 3.5, 20, 60, 400) },
  {
    what: 'a CPU side stopped at 256 and a GPU table in another order',
    cpu: cpuStoppedEarly,
    gpu: new Map([
      [1024, 80],
      [128, 2.4],
      [32, 2],
      [512, 12],
      [256, 4],
      [64, 2.1],
    ]),
  },
];
/** Tables where the GPU wins at one size only: noise, not a crossover. */
const singleWins: readonly Case[] = [
  { what: 'a GPU that wins at 64 only', cpu, gpu: table(2, 0.5, 3.5, 30, 250, 2000) },
  { what: 'a GPU that wins at the largest size only', cpu, gpu: table(5, 9, 30, 210, 400, 1400) },
];
const neverWins: Case = { what: 'a software GPU that never wins', cpu, gpu: table(5, 9, 30, 210, 1700, 14000) };

function timingsText(timings: Timings): string {
  return `{ ${[...timings].map(([size, value]) => `${size}: ${value}`).join(', ')} }`;
}

function call(fn: TableFunction, example: Case): unknown {
  try {
    return fn(example.cpu, example.gpu);
  } catch (error) {
    return `an error: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** What the answer in words must say for a table: the crossover size, or the largest size both sides measured. */
function expectedWords(cpuMs: Timings, gpuMs: Timings): { pattern: RegExp; says: string } {
  const crossover = stableCrossover(cpuMs, gpuMs);
  if (crossover !== null)
    return {
      pattern: new RegExp(`^(?!.*no crossover).*\\b${crossover} × ${crossover}\\b`, 'i'),
      says: `${crossover} × ${crossover}`,
    };
  const largest = sharedSizes(cpuMs, gpuMs).at(-1) ?? 0;
  return {
    pattern: new RegExp(`no crossover up to ${largest} × ${largest}\\b`, 'i'),
    says: `no crossover up to ${largest} × ${largest}`,
  };
}

/** The fastest median per size among the timings of `backends`. */
function fastest(outputs: readonly ExerciseOutput[], backends: ReadonlySet<string>): Map<number, number> {
  const best = new Map<number, number>();
  for (const output of outputs) {
    if (output.kind !== 'timing' || !backends.has(output.backend)) continue;
    const size = Number(/\d+/.exec(output.timing.label)?.[0]);
    if (!Number.isFinite(size)) continue;
    best.set(size, Math.min(best.get(size) ?? Infinity, output.timing.medianMs));
  }
  return best;
}

const check: ExerciseCheck = ({ run, program }) => {
  const requirements: Requirement[] = [];
  const found = exportedFunction<TableFunction>(program, 'findCrossover');
  if (!found.ok) requirements.push(found.requirement);
  else {
    const findCrossover = found.value;
    const judge = (examples: readonly Case[]) =>
      examples
        .map((example) => ({
          ...example,
          given: call(findCrossover, example),
          answer: stableCrossover(example.cpu, example.gpu),
        }))
        .find((example) => example.given !== example.answer);
    const tableText = (example: Case) => `findCrossover(${timingsText(example.cpu)}, ${timingsText(example.gpu)})`;

    const wrongCrossing = judge(crossings);
    requirements.push(
      requirement(
        'finds-crossover',
        'findCrossover returns the size from which the GPU stays faster',
        wrongCrossing === undefined,
        wrongCrossing
          ? `For ${wrongCrossing.what}, ${tableText(wrongCrossing)} returned ${show(wrongCrossing.given)}, but the GPU stays ` +
              `faster only from ${wrongCrossing.answer} on. Compare the sizes both sides measured, from small to large, and check the sizes after a win too.`
          : '',
        `Right for ${crossings.map((example) => example.what).join(', for ')}.`,
      ),
    );
    const wrongSingle = judge(singleWins);
    requirements.push(
      requirement(
        'single-win-is-noise',
        'One faster size alone is not a crossover',
        wrongSingle === undefined,
        wrongSingle
          ? `For ${wrongSingle.what}, ${tableText(wrongSingle)} returned ${show(wrongSingle.given)}, but one faster size ` +
              'may be noise: the GPU must stay faster from there on, over at least two sizes. Return null here.'
          : '',
        `Null for ${singleWins.map((example) => example.what).join(' and for ')}.`,
      ),
    );
    const given = call(findCrossover, neverWins);
    requirements.push(
      requirement(
        'no-crossover-is-null',
        'When the GPU never wins, findCrossover returns null',
        given === null,
        `For ${neverWins.what}, findCrossover returned ${show(given)}, but the GPU is slower at every size: return null, ` +
          '"no crossover up to the largest size", which is a result, not a failure.',
        `Null for ${neverWins.what}.`,
      ),
    );
  }

  const words = exportedFunction<TableFunction>(program, 'answerInWords');
  if (!words.ok) requirements.push(words.requirement);
  else {
    const wrongWords = [softwareGpuStoppedEarly, realGpu]
      .map((example) => ({ ...example, given: call(words.value, example), ...expectedWords(example.cpu, example.gpu) }))
      .find((example) => typeof example.given !== 'string' || !example.pattern.test(example.given));
    requirements.push(
      requirement(
        'says-up-to',
        'answerInWords names the crossover, or the largest size both sides measured',
        wrongWords === undefined,
        wrongWords
          ? `For ${wrongWords.what}, answerInWords returned ${show(wrongWords.given)}; it should say "${wrongWords.says}". ` +
              'A sweep can stop early, so the claim reaches only as far as the sizes both sides measured.'
          : '',
        `Says "${expectedWords(softwareGpuStoppedEarly.cpu, softwareGpuStoppedEarly.gpu).says}" when the CPU side stopped at 256.`,
      ),
    );
  }

  // main: its answer must follow from its own measurements, taken fairly.
  const label = "main's answer follows from its own fair measurements";
  if (run.error !== null) {
    requirements.push(blocked('answer-matches-table', label, 'main did not finish (see the error above), so it gave no answer.'));
    return requirements;
  }
  const timings = run.outputs.flatMap((output) => (output.kind === 'timing' ? [output] : []));
  const fewRuns = timings.find((output) => output.timing.runsMs.length < minimumRepeats);
  const bigRead = run.events.find((event) => event.kind === 'read' && event.shape.reduce((size, side) => size * side, 1) > 1);
  const cpuMs = fastest(run.outputs, cpuBackends);
  const gpuMs = fastest(run.outputs, gpuBackends);
  const logs = run.outputs.flatMap((output) => (output.kind === 'log' ? [output.text] : []));
  const expected = stableCrossover(cpuMs, gpuMs);
  const wording = expectedWords(cpuMs, gpuMs);
  let problem: string | null = null;
  if (cpuMs.size === 0) problem = 'main timed nothing on a CPU-side backend with lab.time, so its answer cannot be checked.';
  else if (fewRuns)
    problem = `"${fewRuns.timing.label}" has ${count(fewRuns.timing.runsMs.length, 'timed run')}; a median needs at least ${minimumRepeats}, so that one slow run cannot decide a size.`;
  else if (bigRead?.kind === 'read')
    problem =
      `main read back a whole [${bigRead.shape.join(', ')}] tensor: that times the copy to JavaScript, which costs a GPU more than a CPU. ` +
      'Read back one element of the last product to wait for the device.';
  else if (run.returned !== expected) {
    const evidence =
      gpuMs.size === 0
        ? 'no GPU backend was timed here'
        : expected === null
          ? 'its own timings show no size from which the GPU stays faster'
          : `its own timings show the GPU staying faster from ${expected} on`;
    problem = `main returned ${show(run.returned)}, but ${evidence}, so the answer is ${show(expected)}.`;
  } else if (gpuMs.size > 0 && !logs.some((line) => wording.pattern.test(line)))
    problem = `main's output never says "${wording.says}", which is what its own timings show.`;
  requirements.push(
    requirement(
      'answer-matches-table',
      label,
      problem === null,
      problem ?? '',
      gpuMs.size === 0
        ? `No GPU backend started here, and main returned null: there is no crossover to find. Medians of at least ${minimumRepeats} runs.`
        : `main says "${wording.says}", as its own medians of at least ${minimumRepeats} runs show.`,
    ),
  );
  return requirements;
};

export default check;
