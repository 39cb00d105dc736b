/**
 * Check for "Break it on purpose: feed NCHW images to conv2d". The check causes the error itself and reads
 * it with a regular expression, so it follows the wording of the TensorFlow.js in use. readError gets the
 * photos' message and two from other shapes, so the depths must be read from the text at run time.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import type { ExerciseCheck, Requirement } from '../api/exercise';
import { exportedFunction } from '../exercise-kit/exports.ts';
import { count, requirement, show } from '../exercise-kit/requirement.ts';
import { filter, photosNCHW } from './photos.ts';

const depthPattern = /Error in (\w+): depth of input \((\d+)\) must match input depth for filter (\d+)/;

/** The message conv2d gives for an input of `shape` and a filter of `filterShape`, made with zeros and disposed. */
function depthError(tf: typeof tfjs, shape: [number, number, number, number], filterShape: [number, number, number, number]) {
  const input = tf.zeros<tfjs.Rank.R4>(shape);
  const weights = tf.zeros<tfjs.Rank.R4>(filterShape);
  try {
    tf.conv2d(input, weights, 1, 'valid').dispose();
    return { shape, message: 'no error' };
  } catch (error) {
    return { shape, message: error instanceof Error ? error.message : String(error) };
  } finally {
    tf.dispose([input, weights]);
  }
}

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

  const read = exportedFunction<(message: string) => unknown>(program, 'readError');
  if (!read.ok) requirements.push(read.requirement);
  else {
    // The photos' own message, then two from other shapes, so that three numbers typed in do not pass.
    const messages = [
      { shape: photos.shape, message: real },
      depthError(tf, [2, 3, 20, 20], [3, 3, 3, 4]),
      depthError(tf, [2, 1, 28, 28], [5, 5, 1, 6]),
    ];
    let problem: string | null = null;
    for (const { shape, message } of messages) {
      const parsed = depthPattern.exec(message);
      const expected = { operation: parsed?.[1] ?? '', inputDepth: Number(parsed?.[2]), filterDepth: Number(parsed?.[3]) };
      const explain: Record<keyof typeof expected, string> = {
        operation: 'the operation named right after "Error in"',
        inputDepth: `the input depth the message reports: conv2d reads the last dimension of [${shape.join(', ')}] as the channels`,
        filterDepth: 'the depth the filter was made for',
      };
      const observed = await observe(() => read.value(message));
      const given = observed.returned as Partial<Record<keyof typeof expected, unknown>> | undefined;
      if (observed.error !== null) problem = `readError threw for "${message}": ${observed.error}`;
      else if (typeof given !== 'object' || given === null) problem = `readError returned ${show(given)}, not an object.`;
      else {
        const mismatch = (Object.keys(expected) as (keyof typeof expected)[]).find((key) => given[key] !== expected[key]);
        if (mismatch)
          problem = `readError("${message}") gives ${mismatch} ${show(given[mismatch])}, but the message says ${show(expected[mismatch])}: ${explain[mismatch]}.`;
      }
      if (problem !== null) break;
    }
    requirements.push(
      requirement(
        'reads-it',
        'readError takes the operation and the two depths out of any such message',
        problem === null,
        problem ?? '',
        `Right for the photos' message and for ${count(messages.length - 1, 'other shape')}.`,
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
