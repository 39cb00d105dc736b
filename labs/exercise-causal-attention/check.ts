/**
 * Check for "Complete causal self-attention". causalAttention runs on random sequences the check makes
 * (seeded, unlike main's), and its output is compared with attention computed here in plain JavaScript,
 * in double precision. Two properties are judged apart:
 *
 * - no look-ahead: changing the later positions of a sequence leaves every earlier output as it was
 *   (a property of the mask alone, whatever the scores);
 * - the values: the output matches causal attention. When it does not, the output is compared with the
 *   usual mistakes (no scaling, a mask on the wrong side…), so the message can name the step to fix.
 *
 * The queries and keys are wider than the values, so scaling by the wrong width shows.
 */
import type { Tensor, Tensor2D } from '@tensorflow/tfjs';
import type { ExerciseCheck, ExerciseObservation, Requirement } from '../api/exercise';
import { seededRandom } from '../api/seeded-random.ts';
import { exportedFunction } from '../exercise-kit/exports.ts';
import { blocked, count, num, requirement, show } from '../exercise-kit/requirement.ts';

type Attention = (query: Tensor2D, key: Tensor2D, value: Tensor2D) => unknown;
type Matrix = number[][];

interface Sequence {
  query: Matrix;
  key: Matrix;
  value: Matrix;
}

/** The sizes the check uses: T positions, queries and keys of width d, values of width dv. */
const positions = 7;
const width = 16;
const valueWidth = 5;
/** The look-ahead test changes every position after this one. */
const lastKept = 3;
/** float32 against double precision, on values of about 1. */
const tolerance = 1e-4;

function normalMatrix(rows: number, columns: number, random: () => number): Matrix {
  // Box–Muller: two uniform numbers give one standard normal one.
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: rows }, () => Array.from({ length: columns }, normal));
}

function randomSequence(seed: number): Sequence {
  const random = seededRandom(seed);
  return {
    query: normalMatrix(positions, width, random),
    key: normalMatrix(positions, width, random),
    value: normalMatrix(positions, valueWidth, random),
  };
}

/** The same sequence with every position after `lastKept` replaced. */
function laterPositionsChanged(sequence: Sequence, seed: number): Sequence {
  const fresh = randomSequence(seed);
  const splice = (kept: Matrix, replacement: Matrix) => [...kept.slice(0, lastKept + 1), ...replacement.slice(lastKept + 1)];
  return {
    query: splice(sequence.query, fresh.query),
    key: splice(sequence.key, fresh.key),
    value: splice(sequence.value, fresh.value),
  };
}

/** Which positions j each position i may use, and when the mask is applied. */
type Visibility = 'causal' | 'all' | 'itself-and-later' | 'earlier-only' | 'causal-after-softmax';

interface Variant {
  /** Divide the scores by this. */
  divisor: number;
  visibility: Visibility;
}

function visible(visibility: Visibility, i: number, j: number): boolean {
  switch (visibility) {
    case 'causal':
    case 'causal-after-softmax':
      return j <= i;
    case 'all':
      return true;
    case 'itself-and-later':
      return j >= i;
    case 'earlier-only':
      return j < i;
  }
}

/**
 * Attention in plain JavaScript. A row with no visible position has no defined output (null): the first
 * position of 'earlier-only', which programs handle in different ways, so comparisons skip it.
 */
function attention({ query, key, value }: Sequence, { divisor, visibility }: Variant): (number[] | null)[] {
  return query.map((q, i) => {
    const scores = key.map((k) => q.reduce((sum, qValue, index) => sum + qValue * (k[index] ?? 0), 0) / divisor);
    const afterSoftmax = visibility === 'causal-after-softmax';
    const shown = scores.map((_score, j) => afterSoftmax || visible(visibility, i, j));
    if (!shown.includes(true)) return null;
    const top = Math.max(...scores.filter((_score, j) => shown[j]));
    const exps = scores.map((score, j) => (shown[j] ? Math.exp(score - top) : 0));
    const total = exps.reduce((sum, e) => sum + e, 0);
    // Masking after the softmax zeroes the weights of later positions and leaves the rest as they were.
    const weights = exps.map((e, j) => (visible(visibility, i, j) ? e / total : 0));
    return Array.from({ length: valueWidth }, (_unused, column) =>
      weights.reduce((sum, weight, j) => sum + weight * (value[j]?.[column] ?? 0), 0),
    );
  });
}

/** The largest difference between an output and the rows of `expected` that are defined, and where it is. */
function largestDifference(output: Matrix, expected: (number[] | null)[]): { amount: number; position: number } {
  let amount = 0;
  let position = 0;
  expected.forEach((row, i) => {
    if (row === null) return;
    row.forEach((cell, column) => {
      const difference = Math.abs((output[i]?.[column] ?? Number.NaN) - cell);
      if (!(difference <= amount)) {
        amount = difference;
        position = i;
      }
    });
  });
  return { amount, position };
}

const scale = Math.sqrt(width);

/** The usual mistakes, each with what to change. The first one the output matches is named. */
const mistakes: { variant: Variant; advice: string }[] = [
  {
    variant: { divisor: 1, visibility: 'all' },
    advice: 'It matches attention with neither the scaling nor the mask: steps 2 and 3 are still to do.',
  },
  {
    variant: { divisor: 1, visibility: 'causal' },
    advice: `It matches causal attention without the scaling: divide the scores by √d = √${width} = ${num(scale)} before the softmax, d being the width of the queries and keys.`,
  },
  {
    variant: { divisor: width, visibility: 'causal' },
    advice: `It matches scores divided by d = ${width}; divide them by the square root, √${width} = ${num(scale)}.`,
  },
  {
    variant: { divisor: Math.sqrt(valueWidth), visibility: 'causal' },
    advice: `It matches scores divided by √${valueWidth}, the width of the values; divide by the width of the queries and keys instead, √${width} = ${num(scale)}.`,
  },
  {
    variant: { divisor: scale, visibility: 'all' },
    advice:
      'It matches attention with no mask, so every position also uses the ones after it. Before the softmax, add -1e9 to the scores where the key’s position j comes after the query’s position i.',
  },
  {
    variant: { divisor: scale, visibility: 'itself-and-later' },
    advice:
      'It matches a mask on the wrong side: each position uses itself and the positions after it. Hide the scores where j > i (the column after the row), not where j < i.',
  },
  {
    variant: { divisor: scale, visibility: 'earlier-only' },
    advice:
      'It matches a mask that also hides the diagonal: position i must use itself (j = i) as well as the positions before it. Mask only where j > i.',
  },
  {
    variant: { divisor: scale, visibility: 'causal-after-softmax' },
    advice:
      'It matches weights masked after the softmax: the later keys still count in the softmax’s sum, and the weights left no longer add up to 1. Mask the scores before the softmax, which then shares the weight among the positions left.',
  },
];

const check: ExerciseCheck = async ({ program, tf, observe }) => {
  const found = exportedFunction<Attention>(program, 'causalAttention');
  if (!found.ok) return [found.requirement];
  const causalAttention = found.value;

  interface Called {
    observation: ExerciseObservation;
    /** The output as numbers, or why there is none. */
    output: Matrix | string;
    /** Tensors left alive besides the result. */
    leftBehind: number;
  }

  /** causalAttention on one sequence, observed; its inputs and its result are disposed afterwards. */
  async function call(sequence: Sequence): Promise<Called> {
    const inputs = [tf.tensor2d(sequence.query), tf.tensor2d(sequence.key), tf.tensor2d(sequence.value)] as const;
    const observation = await observe(() => causalAttention(...inputs));
    const returned = observation.returned;
    const isResult = returned instanceof tf.Tensor && !returned.isDisposed;
    const isNew = isResult && !inputs.includes(returned as Tensor2D);
    const leftBehind = observation.tensorsAfter - observation.tensorsBefore - (isNew ? 1 : 0);
    let output: Matrix | string;
    if (observation.error !== null) {
      output = `causalAttention threw: ${observation.error}`;
    } else if (!isResult) {
      output =
        returned instanceof tf.Tensor
          ? 'causalAttention returned a tensor that was already disposed: return the result from inside tf.tidy, not after it.'
          : `causalAttention returned ${show(returned)}; it should return the output as a tensor of shape [${positions}, ${valueWidth}].`;
    } else {
      const tensor = returned as Tensor;
      const shape = `[${tensor.shape.join(', ')}]`;
      if (tensor.shape.length !== 2 || tensor.shape[0] !== positions || tensor.shape[1] !== valueWidth) {
        output = `For a query and key of shape [${positions}, ${width}] and a value of shape [${positions}, ${valueWidth}], causalAttention returned a tensor of shape ${shape}; it should be [${positions}, ${valueWidth}], one mixed value per position.`;
      } else {
        const rows = (await tensor.array()) as Matrix;
        const broken = rows.findIndex((row) => row.some((cell) => !Number.isFinite(cell)));
        output =
          broken === -1
            ? rows
            : `causalAttention’s output at position ${broken} is ${show(rows[broken])}: a row whose scores are all hidden has nothing to mix (0/0). Position i must always see itself.`;
      }
      if (isNew) tensor.dispose();
    }
    tf.dispose([...inputs]);
    return { observation, output, leftBehind };
  }

  const sequence = randomSequence(2024);
  const changed = laterPositionsChanged(sequence, 7);
  const second = randomSequence(99);
  const calls = [await call(sequence), await call(changed), await call(second)];

  const problem = calls.map((called) => called.output).find((output): output is string => typeof output === 'string');
  const requirements: Requirement[] = [
    requirement(
      'returns-output',
      'causalAttention returns a [T, dv] tensor of numbers, one mixed value per position',
      problem === undefined,
      problem ?? '',
      `causalAttention returned [${positions}, ${valueWidth}] tensors of finite numbers.`,
    ),
  ];
  if (problem !== undefined) {
    requirements.push(
      blocked(
        'no-look-ahead',
        'Changing a later position never changes an earlier output',
        'causalAttention must first return its output.',
      ),
      blocked(
        'matches-attention',
        'The output is causal attention: scores scaled by 1/√d, masked, softmax, values mixed',
        'causalAttention must first return its output.',
      ),
    );
  } else {
    const [original, altered, other] = calls.map((called) => called.output as Matrix) as [Matrix, Matrix, Matrix];

    const moved = original
      .slice(0, lastKept + 1)
      .map((row, i) => Math.max(...row.map((cell, column) => Math.abs(cell - (altered[i]?.[column] ?? 0)))));
    const movedPositions = moved.flatMap((amount, i) => (amount > tolerance ? [i] : []));
    requirements.push(
      requirement(
        'no-look-ahead',
        'Changing a later position never changes an earlier output',
        movedPositions.length === 0,
        `Changing positions ${lastKept + 1} to ${positions - 1} (and nothing else) changed the output at ${movedPositions.length === 1 ? 'position' : 'positions'} ${movedPositions.join(', ')} by up to ${num(Math.max(...moved))}: ` +
          `${movedPositions.length === 1 ? 'it looks' : 'they look'} ahead. Position i may use positions 0 to i only.`,
        `Changing positions ${lastKept + 1} to ${positions - 1} left the outputs at positions 0 to ${lastKept} exactly as they were.`,
      ),
    );

    const causal: Variant = { divisor: scale, visibility: 'causal' };
    const worst = [largestDifference(original, attention(sequence, causal)), largestDifference(other, attention(second, causal))];
    const [first, secondWorst] = worst as [{ amount: number; position: number }, { amount: number; position: number }];
    const off = first.amount >= secondWorst.amount ? first : secondWorst;
    const matched = mistakes.find(
      ({ variant }) =>
        largestDifference(original, attention(sequence, variant)).amount <= tolerance &&
        largestDifference(other, attention(second, variant)).amount <= tolerance,
    );
    requirements.push(
      requirement(
        'matches-attention',
        'The output is causal attention: scores scaled by 1/√d, masked, softmax, values mixed',
        off.amount <= tolerance,
        `On random sequences of ${positions} positions (queries and keys of width ${width}, values of width ${valueWidth}), the output differs from causal attention by up to ${num(off.amount)}, at position ${off.position}. ` +
          (matched?.advice ??
            'Check each step: scores = query · keyᵀ, divided by √d, -1e9 added where j > i, a softmax along each row, then the weights times the values.'),
        `On two random sequences the output matches causal attention to within ${num(tolerance)}.`,
      ),
    );
  }

  const leaked = Math.max(...calls.map((called) => called.leftBehind));
  requirements.push(
    requirement(
      'no-leak',
      'causalAttention leaves no tensor alive but its result',
      leaked <= 0,
      `causalAttention left ${count(leaked, 'tensor')} alive besides its result (the scores, the mask or the weights): keep its body inside tf.tidy, which frees every tensor it does not return.`,
      'causalAttention left only its result alive.',
    ),
  );
  return requirements;
};

export default check;
