/**
 * Check for "Bring back a tensor that tf.tidy disposed": centre returns two live, correct tensors and
 * nothing else; main runs and cleans up.
 */
import type { Tensor } from '@tensorflow/tfjs';
import type { ExerciseCheck, Requirement } from '../api/exercise';
import { exportedFunction } from '../exercise-kit/exports.ts';
import { blocked, count, requirement, show } from '../exercise-kit/requirement.ts';

type Centre = (batch: Tensor) => { centred?: unknown; mean?: unknown };

/** Rows unlike the program's own, so that a hard-coded answer shows. */
const probeRows = [
  [2, 4],
  [4, 0],
  [9, 2],
];
const probeMean = [5, 2];
const probeCentred = [
  [-3, 2],
  [-1, -2],
  [4, 0],
];

const check: ExerciseCheck = async ({ run, program, tf, observe }) => {
  const found = exportedFunction<Centre>(program, 'centre');
  if (!found.ok) return [found.requirement];
  const centre = found.value;
  const requirements: Requirement[] = [];

  const batch = tf.tensor2d(probeRows);
  const called = await observe(() => centre(batch));
  const returned = called.returned ?? {};
  const tensors = [returned.centred, returned.mean];
  const live = tensors.filter((value): value is Tensor => value instanceof tf.Tensor && !value.isDisposed);
  const names = ['centred', 'mean'] as const;
  const lost = names.filter((_name, index) => !live.includes(tensors[index] as Tensor));
  requirements.push(
    requirement(
      'returns-live',
      'centre returns the centred batch and the means, both alive',
      called.error === null && lost.length === 0,
      called.error !== null
        ? `centre(batch) threw: ${called.error}`
        : `centre(batch) returned ${lost.map((name) => `a ${name} that ${tensors[names.indexOf(name)] instanceof tf.Tensor ? 'was already disposed' : 'is not a tensor'}`).join(' and ')}. ` +
            'tf.tidy frees every tensor its function does not return: return both from the tidy function.',
      'Both returned tensors are alive.',
    ),
  );

  if (lost.length > 0) {
    requirements.push(blocked('values', 'The means and the centred rows are right', 'first return both tensors alive.'));
  } else {
    const [centred, mean] = live as [Tensor, Tensor];
    const [centredValues, meanValues] = [await centred.array(), await mean.array()];
    const right = show(meanValues) === show(probeMean) && show(centredValues) === show(probeCentred);
    requirements.push(
      requirement(
        'values',
        'The means and the centred rows are right',
        right,
        `For rows ${show(probeRows)}, centre returned means ${show(meanValues)} and centred rows ${show(centredValues)}; ` +
          `expected ${show(probeMean)} and ${show(probeCentred)}.`,
        `For rows ${show(probeRows)}: means ${show(probeMean)}.`,
      ),
    );
  }

  const extra = called.tensorsAfter - called.tensorsBefore - live.length;
  requirements.push(
    requirement(
      'nothing-else',
      'centre leaves no tensor alive besides the two it returns',
      extra === 0,
      `centre(batch) left ${count(extra, 'more tensor')} alive besides the ${live.length} it returned: ` +
        'compute inside tf.tidy, so the intermediate results are freed.',
      'No other tensor was left alive.',
    ),
  );
  tf.dispose([batch, ...live]);

  const left = run.tensorsAfter - run.tensorsBefore;
  requirements.push(
    requirement(
      'main-cleans-up',
      'main leaves no tensor alive',
      run.error === null && left === 0,
      run.error !== null
        ? 'main did not reach its tf.dispose: it stopped with the error above.'
        : `main left ${count(left, 'tensor')} alive.`,
      'main disposed every tensor it made.',
    ),
  );
  return requirements;
};

export default check;
