/**
 * Check for "Break it on purpose: feed NCHW images to conv2d". The check causes the error itself and reads
 * it with a regular expression, so it follows the wording of the TensorFlow.js in use.
 */
import type { Tensor } from '@tensorflow/tfjs';
import type { ExerciseCheck, Requirement } from '../api/exercise';
import { exportedFunction, exportedObject } from '../exercise-kit/exports.ts';
import { count, requirement, show } from '../exercise-kit/requirement.ts';
import { filter, photosNCHW } from './photos.ts';

const check: ExerciseCheck = async ({ run, program, tf, observe }) => {
  const requirements: Requirement[] = [];

  // The real message, straight from TensorFlow.js.
  const photos = photosNCHW();
  const weights = filter();
  let real = '';
  try {
    tf.conv2d(photos, weights, 1, 'valid').dispose();
  } catch (error) {
    real = error instanceof Error ? error.message : String(error);
  }
  const parsed = /Error in (\w+): depth of input \((\d+)\) must match input depth for filter (\d+)/.exec(real);

  const breakIt = exportedFunction<() => unknown>(program, 'breakIt');
  if (!breakIt.ok) requirements.push(breakIt.requirement);
  else {
    const broken = await observe(() => breakIt.value());
    const left = broken.tensorsAfter - broken.tensorsBefore;
    let problem: string | null = null;
    if (broken.error !== null) problem = `breakIt() let the error escape: ${broken.error}. Catch it and return error.message.`;
    else if (broken.returned !== real) {
      problem =
        broken.returned === ''
          ? "breakIt() returned an empty message. Call tf.conv2d(photos, filter, 1, 'valid') on the NCHW photos inside try, and return error.message from catch."
          : `breakIt() returned ${show(broken.returned)}, but tf.conv2d on the NCHW photos says: "${real}"`;
    } else if (left !== 0)
      problem = `breakIt() returned the message, but left ${count(left, 'tensor')} alive: dispose the photos and the filter, in finally.`;
    requirements.push(
      requirement(
        'breaks-it',
        'breakIt causes the error and returns its message',
        problem === null,
        problem ?? '',
        `breakIt() returned "${real}"`,
      ),
    );
  }

  const reading = exportedObject(program, 'reading');
  if (!reading.ok) requirements.push(reading.requirement);
  else {
    const expected = { operation: parsed?.[1] ?? '', inputDepth: Number(parsed?.[2]), filterDepth: Number(parsed?.[3]) };
    const explain: Record<keyof typeof expected, string> = {
      operation: 'the operation named right after "Error in"',
      inputDepth: `the input depth the message reports: conv2d reads the last dimension of [${photos.shape.join(', ')}] as the channels`,
      filterDepth: 'the depth the filter was made for',
    };
    const mismatch = (Object.keys(expected) as (keyof typeof expected)[]).find((key) => reading.value[key] !== expected[key]);
    requirements.push(
      requirement(
        'reads-it',
        'reading names the operation and the two depths from the message',
        mismatch === undefined,
        mismatch
          ? `reading.${mismatch} is ${show(reading.value[mismatch])}, but the message says ${show(expected[mismatch])}: ${explain[mismatch]}.`
          : '',
        `Operation ${expected.operation}, input depth ${expected.inputDepth}, filter depth ${expected.filterDepth}.`,
      ),
    );
  }

  const fix = exportedFunction<(photos: Tensor) => unknown>(program, 'toChannelsLast');
  if (!fix.ok) requirements.push(fix.requirement);
  else {
    const fixed = await observe(() => fix.value(photos));
    const result = fixed.returned;
    let problem: string | null = null;
    if (fixed.error !== null) problem = `toChannelsLast threw: ${fixed.error}`;
    else if (!(result instanceof tf.Tensor)) problem = `toChannelsLast returned ${show(result)}, not a tensor.`;
    else if (show(result.shape) !== show([8, 32, 32, 3]))
      problem = `toChannelsLast returned shape ${show(result.shape)}; NHWC is [8,32,32,3].`;
    else {
      const wrongValues = tf.tidy(() => tf.notEqual(result, tf.transpose(photos, [0, 2, 3, 1])).sum());
      const differing = (await wrongValues.data())[0] ?? 0;
      wrongValues.dispose();
      if (differing > 0) {
        problem =
          `toChannelsLast has the right shape, but ${count(differing, 'value')} of ${result.size.toLocaleString('en')} are in the wrong place: ` +
          'a reshape keeps the values in their old order. Move the channel axis to the end instead.';
      }
    }
    if (result instanceof tf.Tensor && result !== photos) result.dispose();
    requirements.push(
      requirement(
        'fixes-it',
        'toChannelsLast lays the photos out NHWC, every pixel in its place',
        problem === null,
        problem ?? '',
        'The photos are NHWC, pixel for pixel.',
      ),
    );
  }
  tf.dispose([photos, weights]);

  const left = run.tensorsAfter - run.tensorsBefore;
  requirements.push(
    requirement(
      'main-cleans-up',
      'main runs the fixed convolution and leaves no tensor alive',
      run.error === null && left === 0,
      run.error !== null ? 'main did not finish: it stopped with the error above.' : `main left ${count(left, 'tensor')} alive.`,
      'main ran the convolution and disposed everything.',
    ),
  );
  return requirements;
};

export default check;
