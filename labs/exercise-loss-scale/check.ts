/**
 * Check for "Choose a loss scale that float16 can hold". It rounds the scaled gradients to float16 with
 * the mixed-precision lab's own rounding, to say what float16 really stores, but judges the scale against
 * the bound the goal states (smallest × scale ≥ 2⁻²⁴): a product between 2⁻²⁵ and 2⁻²⁴ rounds up to 2⁻²⁴
 * and would survive by luck, so 16 for 3e-9 (bound 19.9) is refused. The scale asked for is the largest
 * safe power of two for gradients known in advance; PyTorch's GradScaler finds one dynamically instead.
 */
import type { ExerciseCheck, Requirement } from '../api/exercise';
import { exportedFunction } from '../exercise-kit/exports.ts';
import { num, requirement, show } from '../exercise-kit/requirement.ts';
import { FLOAT16_MAX, FLOAT16_MIN_SUBNORMAL, roundToFloat16 } from '../mixed-precision/precision.ts';

type ChooseLossScale = (smallest: number, largest: number) => number;

/** This model's gradients, from the goal. */
const smallest = 1e-8;
const largest = 120;
/** Other models: the function must compute the scale, not know one answer. */
const otherPairs: readonly (readonly [number, number])[] = [
  [1e-7, 2000],
  [3e-9, 8],
];
/** No scale serves both: 1e-10 needs at least 596, 10,000 allows at most 6.55. */
const impossible = [1e-10, 1e4] as const;

/** Whether `product` stays at or below float16's largest value (allowing for the last bit of float64 rounding). */
function fits(product: number): boolean {
  return product <= FLOAT16_MAX * (1 + 1e-12);
}

/** Whether `product` reaches float16's smallest value, 2⁻²⁴ (allowing for the last bit of float64 rounding). */
function lifted(product: number): boolean {
  return product >= FLOAT16_MIN_SUBNORMAL * (1 - 1e-12);
}

function isPowerOfTwo(value: number): boolean {
  return value > 0 && Number.isInteger(Math.log2(value));
}

/** The bounds a scale must keep for one pair, in words. */
function range(low: number, high: number): string {
  return `at least ${num(FLOAT16_MIN_SUBNORMAL / low)} and at most ${num(FLOAT16_MAX / high)}`;
}

/** What is wrong with `scale` for the pair, or null. */
function scaleProblem(scale: unknown, low: number, high: number): string | null {
  if (typeof scale !== 'number' || !Number.isFinite(scale)) return `returned ${show(scale)}, not a finite number`;
  if (!lifted(low * scale))
    return `returned ${num(scale)}, and ${low} × ${num(scale)} = ${num(low * scale)} is below 2⁻²⁴ ≈ 5.96e-8`;
  if (!fits(high * scale)) return `returned ${num(scale)}, and ${high} × ${num(scale)} = ${num(high * scale)} is above 65,504`;
  if (!isPowerOfTwo(scale)) return `returned ${num(scale)}, which is not a power of two`;
  if (fits(high * scale * 2))
    return `returned ${num(scale)}, but ${num(scale * 2)} is safe too: return the largest safe power of two`;
  return null;
}

function call(choose: ChooseLossScale, low: number, high: number): { scale: unknown; error: string | null } {
  try {
    return { scale: choose(low, high), error: null };
  } catch (error) {
    return { scale: undefined, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

const check: ExerciseCheck = ({ program }) => {
  const found = exportedFunction<ChooseLossScale>(program, 'chooseLossScale');
  if (!found.ok) return [found.requirement];
  const choose = found.value;
  const requirements: Requirement[] = [];

  const { scale, error } = call(choose, smallest, largest);
  if (error !== null || typeof scale !== 'number' || !Number.isFinite(scale)) {
    return [
      requirement(
        'returns-scale',
        'chooseLossScale returns a number',
        false,
        `chooseLossScale(${smallest}, ${largest}) ${error !== null ? `threw ${error}` : `returned ${show(scale)}`}.`,
      ),
    ];
  }

  const small = roundToFloat16(smallest * scale);
  requirements.push(
    requirement(
      'keeps-smallest',
      `A ${smallest} gradient survives: ${smallest} × scale is at least 2⁻²⁴ ≈ 5.96e-8`,
      lifted(smallest * scale),
      `With a scale of ${num(scale)}, ${smallest} × ${num(scale)} = ${num(smallest * scale)} rounds to ${num(small)} in float16. ` +
        'Its smallest value is 2⁻²⁴ ≈ 5.96e-8: values below 2⁻²⁵ ≈ 3e-8 round to 0, and values below 2⁻¹⁴ ≈ 6.1e-5 are subnormal and ' +
        `keep fewer digits. The scale must be at least ${num(FLOAT16_MIN_SUBNORMAL / smallest)}.`,
      `${smallest} × ${num(scale)} = ${num(smallest * scale)} is stored as ${num(small)} in float16.`,
    ),
  );

  const big = largest * scale;
  requirements.push(
    requirement(
      'no-overflow',
      `The largest gradient does not overflow: ${largest} × scale is at most 65,504`,
      fits(big),
      `${largest} × ${num(scale)} = ${num(big)} is above float16's largest value, 65,504, and becomes Infinity: ` +
        `the scale must be at most ${num(FLOAT16_MAX / largest)}.`,
      `${largest} × ${num(scale)} = ${num(big)} fits.`,
    ),
  );

  requirements.push(
    requirement(
      'power-of-two',
      'The scale is a power of two',
      isPowerOfTwo(scale),
      `${num(scale)} is not a power of two. Multiplying by a power of two only changes the exponent, so scaling and unscaling lose no digits; ` +
        `pick 2^k between ${num(FLOAT16_MIN_SUBNORMAL / smallest)} and ${num(FLOAT16_MAX / largest)}.`,
      `${num(scale)} = 2^${Math.log2(scale)}.`,
    ),
  );

  requirements.push(
    requirement(
      'largest-safe',
      'The scale is the largest safe power of two',
      fits(big) && !fits(big * 2),
      fits(big)
        ? `${num(scale * 2)} is safe too (${largest} × ${num(scale * 2)} = ${num(big * 2)} fits): return the largest power of two that keeps ${largest} × scale at most 65,504. It lifts the small gradients furthest.`
        : `${num(scale)} is too large, so it is not the largest safe power of two: see the overflow above.`,
      `${num(scale * 2)} would overflow, so ${num(scale)} is the largest safe power of two.`,
    ),
  );

  const general = otherPairs
    .map(([low, high]) => {
      const result = call(choose, low, high);
      const problem = result.error ?? scaleProblem(result.scale, low, high);
      return problem === null
        ? null
        : `chooseLossScale(${low}, ${high}) ${result.error ? `threw ${problem}` : problem}; it needs a power of two ${range(low, high)}.`;
    })
    .find((problem) => problem !== null);
  requirements.push(
    requirement(
      'other-gradients',
      'It computes the scale from its arguments, for other gradients too',
      general === undefined,
      `${general ?? ''} Compute the scale from smallest and largest, not for one case.`,
      `Right for ${otherPairs.map(([low, high]) => `(${low}, ${high})`).join(' and ')} too.`,
    ),
  );

  const [low, high] = impossible;
  const none = call(choose, low, high);
  requirements.push(
    requirement(
      'no-scale-fits',
      'It throws a RangeError when no scale can serve both gradients',
      none.error?.startsWith('RangeError') === true,
      none.error !== null
        ? `chooseLossScale(${low}, ${high}) threw ${none.error}; throw a RangeError, the error for a value outside what works.`
        : `chooseLossScale(${low}, ${high}) returned ${show(none.scale)}, but no scale fits: ${low} needs ${range(low, high)}. ` +
            'Throw a RangeError that says so.',
      `chooseLossScale(${low}, ${high}) threw ${none.error}`,
    ),
  );
  return requirements;
};

export default check;
