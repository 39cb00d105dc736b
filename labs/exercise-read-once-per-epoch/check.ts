/**
 * Check for "Read the loss once per epoch": reads counted while trainEpochs runs, the means compared with
 * the check's own (which reads every step; only the learner's code is counted), no tensor left alive.
 */
import type { ExerciseCheck, Requirement } from '../api/exercise';
import { exportedFunction } from '../exercise-kit/exports.ts';
import { count, num, requirement, show } from '../exercise-kit/requirement.ts';
import { createRegression, disposeBatches, makeBatches } from './model.ts';

type TrainEpochs = (epochs: number) => Promise<number[]>;

const epochs = 2;
const tolerance = 1e-4;

/** The mean loss of each epoch, computed the plain way. */
async function referenceMeans(): Promise<number[]> {
  const batches = makeBatches();
  const model = createRegression();
  const means: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    let total = 0;
    for (const batch of batches) {
      const loss = model.step(batch);
      total += (await loss.data())[0] ?? Number.NaN;
      loss.dispose();
    }
    means.push(total / batches.length);
  }
  model.dispose();
  disposeBatches(batches);
  return means;
}

const check: ExerciseCheck = async ({ program, observe }) => {
  const found = exportedFunction<TrainEpochs>(program, 'trainEpochs');
  if (!found.ok) return [found.requirement];
  const trainEpochs = found.value;

  const trained = await observe(() => trainEpochs(epochs));
  if (trained.error !== null)
    return [requirement('trains', 'trainEpochs runs without an error', false, `trainEpochs(${epochs}) threw: ${trained.error}`)];
  const requirements: Requirement[] = [];

  const perEpoch = trained.reads / epochs;
  requirements.push(
    requirement(
      'reads-per-epoch',
      'The loss is read back at most once per epoch',
      trained.reads <= epochs,
      `The loss is read back ${count(trained.reads, 'time')} in ${epochs} epochs (${num(perEpoch)} per epoch); read it at most once per epoch. ` +
        'Keep the running total on the backend as a tensor and read it after the last step of the epoch.',
      `${count(trained.reads, 'read-back')} in ${epochs} epochs.`,
    ),
  );

  const expected = await referenceMeans();
  const means = trained.returned;
  const wrongEpoch = Array.isArray(means)
    ? expected.findIndex((value, index) => !(Math.abs((means[index] ?? Number.NaN) - value) <= tolerance * Math.abs(value)))
    : 0;
  requirements.push(
    requirement(
      'mean-losses',
      'It returns the mean loss of each epoch',
      Array.isArray(means) && means.length === epochs && wrongEpoch === -1,
      !Array.isArray(means) || means.length !== epochs
        ? `trainEpochs(${epochs}) returned ${show(means)}; return one mean loss per epoch, ${epochs} numbers.`
        : `Epoch ${wrongEpoch + 1}: trainEpochs returned ${num(means[wrongEpoch] ?? Number.NaN, 5)}, but the mean loss of its steps is ` +
            `${num(expected[wrongEpoch] ?? Number.NaN, 5)}. Add up the loss of every step, then divide by the number of steps.`,
      `Mean losses ${expected.map((value) => num(value, 4)).join(', ')}, as expected.`,
    ),
  );

  const left = trained.tensorsAfter - trained.tensorsBefore;
  requirements.push(
    requirement(
      'no-leak',
      'trainEpochs leaves no tensor alive',
      left === 0,
      `trainEpochs(${epochs}) left ${count(left, 'tensor')} alive: each tf.add makes a new total, so dispose the old total and the step's loss.`,
      'No tensor was left alive.',
    ),
  );
  return requirements;
};

export default check;
