/**
 * Check for "Fix a tensor from its error message": readLabels makes int32 indices from any text, main
 * prints the right loss, nothing leaks.
 */
import type { Tensor } from '@tensorflow/tfjs';
import type { ExerciseCheck, Requirement } from '../api/exercise';
import { exportedFunction } from '../exercise-kit/exports.ts';
import { count, requirement, show } from '../exercise-kit/requirement.ts';
import { LABEL_TEXT, LOGITS } from './batch.ts';

const probeText = '2,0,1';
const probeLabels = [2, 0, 1];

const check: ExerciseCheck = async ({ run, program, tf, observe }) => {
  const found = exportedFunction<(text: string) => Tensor>(program, 'readLabels');
  if (!found.ok) return [found.requirement];
  const readLabels = found.value;
  const requirements: Requirement[] = [];

  const read = await observe(async () => {
    const labels = readLabels(probeText);
    if (!(labels instanceof tf.Tensor)) return { dtype: null, values: show(labels) };
    const values = Array.from(await labels.data());
    labels.dispose();
    return { dtype: labels.dtype, values };
  });
  const labels = read.returned;
  let problem: string | null = null;
  if (read.error !== null) problem = `readLabels("${probeText}") threw: ${read.error}`;
  else if (labels?.dtype === null) problem = `readLabels("${probeText}") returned ${String(labels.values)}, not a tensor.`;
  else if (labels?.dtype !== 'int32') {
    problem =
      `readLabels("${probeText}") made a ${labels?.dtype} tensor, and tf.oneHot accepts only int32 indices: ` +
      'that is what the error message says. Give tf.tensor1d the dtype the indices need.';
  } else if (show(labels.values) !== show(probeLabels)) {
    problem = `readLabels("${probeText}") returned ${show(labels.values)}; it should read the classes from the text: ${show(probeLabels)}.`;
  }
  requirements.push(
    requirement(
      'labels-int32',
      'readLabels turns the text into int32 class indices',
      problem === null,
      problem ?? '',
      `readLabels("${probeText}") returned int32 ${show(probeLabels)}.`,
    ),
  );

  const expected = tf.tidy(() =>
    tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(LABEL_TEXT.split(',').map(Number), 'int32'), 3), tf.tensor2d(LOGITS)),
  );
  const expectedText = (await expected.data())[0]?.toFixed(4) ?? '';
  expected.dispose();
  const printed = run.outputs.flatMap((output) => {
    const match = output.kind === 'log' ? /cross-entropy: (\S+)/.exec(output.text) : null;
    return match?.[1] ? [match[1]] : [];
  });
  requirements.push(
    requirement(
      'prints-loss',
      'main prints the cross-entropy of the batch',
      printed.includes(expectedText),
      printed.length === 0
        ? `main printed no line "cross-entropy: <value>"${run.error === null ? '' : ', because it stopped with the error above'}.`
        : `main printed cross-entropy ${printed.join(', ')}, but the batch's cross-entropy is ${expectedText}.`,
      `main printed cross-entropy ${expectedText}.`,
    ),
  );

  const left = run.tensorsAfter - run.tensorsBefore;
  requirements.push(
    requirement(
      'no-leak',
      'main leaves no tensor alive',
      left === 0,
      `main left ${count(left, 'tensor')} alive${run.error === null ? '' : ' (an error skipped the tf.dispose at its end)'}.`,
      'main disposed every tensor it made.',
    ),
  );
  return requirements;
};

export default check;
