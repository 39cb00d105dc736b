/**
 * Check for "Make a timing fair". It times the learner's `timeIt` on a simulated GPU (see
 * ../exercise-kit/simulated-device.ts) whose numbers are exact, so every verdict is deterministic:
 * a warm device for the synchronisation, a fresh one for the warm-up.
 */
import type { Tensor } from '@tensorflow/tfjs';
import type { ExerciseCheck, ExerciseObservation, Requirement } from '../api/exercise';
import { exportedFunction } from '../exercise-kit/exports.ts';
import { blocked, count, ms, requirement, show } from '../exercise-kit/requirement.ts';
import { simulatedDevice, type SimulatedDeviceOptions } from '../exercise-kit/simulated-device.ts';

type TimeIt = (work: () => Tensor, repeats?: number) => Promise<number>;

/** A GPU call that returns after 0.05 ms, keeps the device busy for 4 ms, and compiles for 150 ms the first time. */
const gpu: SimulatedDeviceOptions = { launchMs: 0.05, kernelMs: 4, compileMs: 150 };
const repeats = 10;
/** What one warmed-up, synchronised call takes: between kernelMs (calls overlapping) and launchMs + kernelMs. */
const fairLow = gpu.kernelMs;
const fairHigh = gpu.launchMs + gpu.kernelMs;

const check: ExerciseCheck = async ({ program, tf, observe }) => {
  const found = exportedFunction<TimeIt>(program, 'timeIt');
  if (!found.ok) return [found.requirement];
  const timeIt = found.value;

  async function measure(warm: boolean, times: number): Promise<{ calls: number; observation: ExerciseObservation<number> }> {
    const device = simulatedDevice(tf, gpu);
    if (warm) device.warm();
    const observation = await observe(async () => {
      const restore = device.install();
      try {
        return await timeIt(device.work, times);
      } finally {
        restore();
      }
    });
    return { calls: device.calls, observation };
  }

  const warm = await measure(true, repeats);
  const cold = await measure(false, 1);
  const results = [warm.observation, cold.observation];
  const broken = results.find((observation) => observation.error !== null || typeof observation.returned !== 'number');
  if (broken) {
    const what =
      broken.error !== null ? `threw: ${broken.error}` : `returned ${show(broken.returned)} instead of a number of milliseconds`;
    return [requirement('returns-ms', 'timeIt returns the milliseconds of one call', false, `timeIt(work, ${repeats}) ${what}.`)];
  }
  const perCall = warm.observation.returned ?? Number.NaN;
  const coldCall = cold.observation.returned ?? Number.NaN;

  const requirements: Requirement[] = [];
  const waits = perCall >= 0.9 * fairLow;
  requirements.push(
    requirement(
      'waits-for-device',
      'The clock stops only after the device has finished',
      waits,
      `timeIt(work, ${repeats}) reported ${ms(perCall)} per call, but each call keeps this simulated GPU busy for ${ms(gpu.kernelMs)}: ` +
        'the clock stopped before the device had finished. Read each result back (await result.data()) before you read the clock.',
      `timeIt(work, ${repeats}) reported ${ms(perCall)} per call on a warm device whose calls take ${ms(fairLow)} to ${ms(fairHigh)}.`,
    ),
  );

  const label = 'It returns the time of one call, not of all of them';
  if (!waits) {
    requirements.push(blocked('one-call', label, 'first make the clock wait for the device.'));
  } else {
    const ratio = perCall / fairHigh;
    const total = Math.abs(ratio - repeats) < 0.2 * repeats;
    requirements.push(
      requirement(
        'one-call',
        label,
        perCall <= 1.1 * fairHigh,
        total
          ? `timeIt(work, ${repeats}) reported ${ms(perCall)}, about ${repeats} times what one call takes (${ms(fairHigh)}): divide the total time by repeats.`
          : `timeIt(work, ${repeats}) reported ${ms(perCall)} per call; one call takes ${ms(fairLow)} to ${ms(fairHigh)} on this device. Time only the ${repeats} calls, and divide by repeats.`,
        `One call: ${ms(perCall)}.`,
      ),
    );
  }

  const coldMessage =
    coldCall >= gpu.compileMs / 2
      ? `On a fresh device, timeIt(work, 1) reported ${ms(coldCall)}, but a warm call takes ${ms(fairHigh)}: the ${ms(gpu.compileMs)} ` +
        'of compiling the GPU program on the first call were measured. Call work() once before you start the clock, and wait for it.'
      : `On a fresh device, timeIt(work, 1) reported ${ms(coldCall)}, about twice the ${ms(fairHigh)} of a warm call: the clock started ` +
        'while the warm-up call was still running on the device. Wait for the warm-up (await warmUp.data()) before you start the clock.';
  requirements.push(
    requirement(
      'warm-up',
      'The first call is left out, and finished before the clock starts',
      coldCall <= 1.5 * fairHigh,
      coldMessage,
      `On a fresh device, timeIt(work, 1) reported ${ms(coldCall)}: the ${ms(gpu.compileMs)} of compilation stayed out of the timing.`,
    ),
  );

  requirements.push(
    requirement(
      'times-repeats',
      'It times as many calls as `repeats` asks for',
      warm.calls >= repeats,
      `timeIt(work, ${repeats}) called work ${count(warm.calls, 'time')}; time ${repeats} calls and average them.`,
      `timeIt(work, ${repeats}) called work ${count(warm.calls, 'time')}.`,
    ),
  );

  const left = Math.max(...results.map((observation) => observation.tensorsAfter - observation.tensorsBefore));
  requirements.push(
    requirement(
      'disposes',
      'Every tensor work returns is disposed',
      left === 0,
      `timeIt(work, ${repeats}) left ${count(left, 'tensor')} alive: dispose each result once you have read it, the warm-up's too.`,
      'No tensor was left behind.',
    ),
  );
  return requirements;
};

export default check;
