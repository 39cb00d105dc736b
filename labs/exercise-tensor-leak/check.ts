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

  // A loss typed in by hand (`return 0`) would pass the target: the losses must fall as the steps grow,
  // and each one must have been read back from a tensor.
  const losses = runs.map((run) => run.returned);
  const shown = losses.map((loss) => (typeof loss === 'number' ? num(loss) : String(loss)));
  const loss = losses[2];
  const falling = losses.every(
    (value, index) => typeof value === 'number' && (index === 0 || value < (losses[index - 1] as number)),
  );
  const unread = runs.findIndex((run) => run.reads === 0);
  const steps = [short, long, convergeSteps];
  requirements.push(
    requirement(
      'still-trains',
      `train still learns: the loss falls with more steps and is below ${lossTarget} after ${convergeSteps}`,
      typeof loss === 'number' && loss < lossTarget && falling && unread === -1,
      unread !== -1
        ? `train(${steps[unread]}) returned ${shown[unread]} without reading any tensor: return the last step's loss, read from its tensor.`
        : !falling
          ? `train(${short}), train(${long}) and train(${convergeSteps}) returned ${shown.join(', ')}; more steps should give a lower loss. Train, and return the last step's loss.`
          : `train(${convergeSteps}) returned ${shown[2]}; it should return the last step's loss, below ${lossTarget}.`,
      `train(${short}), train(${long}) and train(${convergeSteps}) returned ${shown.join(', ')}.`,
    ),
  );
  return requirements;
};

export default check;
