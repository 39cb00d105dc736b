/**
 * Check for "Stop a tensor leak in a training loop". Two runs of different lengths separate the leak of
 * each step (the slope) from the leak at the end (what is left with no step at all).
 */
import type { ExerciseCheck, Requirement } from '../api/exercise';
import { exportedFunction } from '../exercise-kit/exports.ts';
import { count, num, requirement } from '../exercise-kit/requirement.ts';

type Train = (steps: number) => Promise<number>;

const short = 5;
const long = 15;
const convergeSteps = 40;
const lossTarget = 0.01;

const check: ExerciseCheck = async ({ program, observe }) => {
  const found = exportedFunction<Train>(program, 'train');
  if (!found.ok) return [found.requirement];
  const train = found.value;

  const runs = [await observe(() => train(short)), await observe(() => train(long)), await observe(() => train(convergeSteps))];
  const failed = runs.find((run) => run.error !== null);
  if (failed) {
    return [requirement('train-runs', 'train runs without an error', false, `train threw: ${failed.error}`)];
  }
  const [leftShort, leftLong] = runs.map((run) => run.tensorsAfter - run.tensorsBefore) as [number, number];
  const perStep = (leftLong - leftShort) / (long - short);
  const atEnd = leftShort - perStep * short;
  const requirements: Requirement[] = [];

  requirements.push(
    requirement(
      'no-leak-per-step',
      'No tensor is left behind by a training step',
      perStep <= 0,
      `train leaves ${count(perStep, 'more tensor')} alive for every step (train(${short}) left ${leftShort}, train(${long}) left ${leftLong}). ` +
        'optimizer.minimize(…, true) returns a new loss tensor each step: dispose the previous one before you replace it.',
      `train(${short}) and train(${long}) leave the same number of tensors: nothing leaks per step.`,
    ),
  );
  requirements.push(
    requirement(
      'no-leak-at-end',
      'Nothing is left behind when training ends',
      atEnd <= 0,
      `Besides any per-step leak, train leaves ${count(atEnd, 'tensor')} alive however many steps it runs: the data, ` +
        "the intermediate result behind ys, the variables, the scalars they were made from or the optimizer's own. " +
        'Dispose them (and call optimizer.dispose()) before train returns.',
      'train leaves no tensor alive when it returns.',
    ),
  );

  const loss = runs[2]?.returned;
  requirements.push(
    requirement(
      'still-trains',
      `train still learns: the loss after ${convergeSteps} steps is below ${lossTarget}`,
      typeof loss === 'number' && loss < lossTarget,
      `train(${convergeSteps}) returned ${typeof loss === 'number' ? num(loss) : String(loss)}; it should return the last step's loss, below ${lossTarget}.`,
      `train(${convergeSteps}) returned a loss of ${typeof loss === 'number' ? num(loss) : ''}.`,
    ),
  );
  return requirements;
};

export default check;
