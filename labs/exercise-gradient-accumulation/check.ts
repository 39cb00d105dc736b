/**
 * Check for "Accumulate gradients over micro-batches": the gradient against the whole batch's, the peak
 * memory against the whole batch's (both measured here with tf.profile), and what stays alive.
 */
import type { Tensor, Variable } from '@tensorflow/tfjs';
import type { ExerciseCheck, Requirement } from '../api/exercise';
import { exportedFunction } from '../exercise-kit/exports.ts';
import { blocked, count, num, requirement, show } from '../exercise-kit/requirement.ts';
import { BATCH, disposeProblem, loss, makeProblem } from './problem.ts';

type MeanGradient = (w: Variable, xs: Tensor, ys: Tensor, microBatch: number) => unknown;

const microBatches = [32, 100] as const;
const memoryShare = 1 / 3;
const tolerance = 1e-4;

function kb(bytes: number): string {
  return `${num(bytes / 1024)} KB`;
}

const check: ExerciseCheck = async ({ program, tf, observe }) => {
  const found = exportedFunction<MeanGradient>(program, 'meanGradient');
  if (!found.ok) return [found.requirement];
  const meanGradient = found.value;
  const problem = makeProblem();
  const { w, xs, ys } = problem;
  const requirements: Requirement[] = [];

  /** Peak bytes above what was alive when `work` started, and what it returned. */
  async function peak(work: () => unknown): Promise<{ bytes: number; result: unknown }> {
    const start = tf.memory().numBytes;
    let result: unknown;
    const profile = await tf.profile(() => {
      result = work();
      return result instanceof tf.Tensor ? result : [];
    });
    return { bytes: profile.peakBytes - start, result };
  }

  const reference = await peak(() => tf.tidy(() => tf.grad((weights: Tensor) => loss(weights, xs, ys))(w)));
  const expected = reference.result as Tensor;
  const scale = (await expected.abs().max().data())[0] ?? 1;

  // Gradient and tensors left, for each micro-batch size.
  let gradientProblem: string | null = null;
  let leftProblem: string | null = null;
  for (const microBatch of microBatches) {
    const called = await observe(() => meanGradient(w, xs, ys, microBatch));
    const gradient = called.returned;
    if (called.error !== null || !(gradient instanceof tf.Tensor)) {
      gradientProblem ??= `meanGradient(w, xs, ys, ${microBatch}) ${called.error !== null ? `threw: ${called.error}` : `returned ${show(gradient)}, not a tensor`}.`;
      continue;
    }
    const error = tf.tidy(() => gradient.sub(expected).abs().max());
    const ratio = tf.tidy(() => gradient.norm().div(expected.norm()));
    const largest = (await error.data())[0] ?? Number.NaN;
    const size = (await ratio.data())[0] ?? Number.NaN;
    tf.dispose([error, ratio]);
    if (!(largest <= tolerance * scale) && gradientProblem === null) {
      const parts = Math.ceil(BATCH / microBatch);
      gradientProblem =
        `With micro-batches of ${microBatch}, the gradient differs from the whole batch's by up to ${num(largest)} ` +
        `(its size is ${num(size)} times the right one)` +
        (Math.abs(size - parts) < 0.05 * parts
          ? `: the ${parts} parts were added without weighting. Each part is a mean over its own rows; multiply it by its rows / ${BATCH}.`
          : '. Weight each part by its number of rows / ' + `${BATCH}, the last, shorter part too.`);
    }
    const left = called.tensorsAfter - called.tensorsBefore - 1;
    if (left !== 0 && leftProblem === null) {
      leftProblem = `meanGradient(w, xs, ys, ${microBatch}) left ${count(left, 'tensor')} alive besides the gradient it returned: dispose each part and each old total.`;
    }
    gradient.dispose();
  }
  requirements.push(
    requirement(
      'same-gradient',
      "The gradient is the whole batch's, for micro-batches of 32 and of 100",
      gradientProblem === null,
      gradientProblem ?? '',
      `Matches the whole batch's gradient to within ${num(tolerance * 100)} % for micro-batches of ${microBatches.join(' and ')}.`,
    ),
  );

  if (gradientProblem !== null && gradientProblem.includes('threw')) {
    requirements.push(
      blocked(
        'lower-peak',
        'With micro-batches of 32 the peak memory is at most a third of the whole batch',
        'meanGradient must run first.',
      ),
    );
  } else {
    const measured = await peak(() => meanGradient(w, xs, ys, microBatches[0]));
    if (measured.result instanceof tf.Tensor) measured.result.dispose();
    const share = measured.bytes / reference.bytes;
    requirements.push(
      requirement(
        'lower-peak',
        'With micro-batches of 32 the peak memory is at most a third of the whole batch',
        share <= memoryShare,
        `With micro-batches of ${microBatches[0]}, meanGradient peaked at ${kb(measured.bytes)} above what was alive before, ` +
          `${num(share * 100)} % of the ${kb(reference.bytes)} the whole batch needs at once. Compute one micro-batch at a time, ` +
          "inside its own tf.tidy, so that each part's activations are freed before the next part starts.",
        `Peak ${kb(measured.bytes)} against ${kb(reference.bytes)} for the whole batch (${num(share * 100)} %).`,
      ),
    );
  }

  requirements.push(
    requirement(
      'nothing-else',
      'meanGradient leaves nothing alive but the gradient it returns',
      leftProblem === null,
      leftProblem ?? '',
      'Only the returned gradient stays alive.',
    ),
  );
  expected.dispose();
  disposeProblem(problem);
  return requirements;
};

export default check;
