/**
 * Solution: the scale must lie between FLOAT16_SMALLEST / smallest and FLOAT16_MAX / largest. Take the
 * largest power of two below the upper bound (the most room for tiny gradients), and check it is still
 * above the lower one. Powers of two only shift the exponent, so scaling and unscaling lose no digits.
 */
import type { Lab } from '../api';

/** The largest value float16 can hold. */
export const FLOAT16_MAX = 65504;
/** The smallest positive value float16 can hold (a subnormal). */
export const FLOAT16_SMALLEST = 2 ** -24;

/** The smallest gradient that must survive, and the largest one this model produces. */
export const SMALLEST_GRADIENT = 1e-8;
export const LARGEST_GRADIENT = 120;

/**
 * The largest power of two that keeps `largest` × scale at or below FLOAT16_MAX, provided it also keeps
 * `smallest` × scale at or above FLOAT16_SMALLEST. Throws a RangeError when no such scale exists.
 */
export function chooseLossScale(smallest: number, largest: number): number {
  if (!(smallest > 0 && largest >= smallest)) throw new RangeError('Expected 0 < smallest ≤ largest.');
  const lowest = FLOAT16_SMALLEST / smallest;
  const highest = FLOAT16_MAX / largest;
  const scale = 2 ** Math.floor(Math.log2(highest));
  if (scale < lowest) {
    throw new RangeError(
      `No loss scale fits: ${smallest} needs at least ${lowest.toPrecision(3)}, ${largest} allows at most ${highest.toPrecision(3)}.`,
    );
  }
  return scale;
}

export default function main(lab: Lab) {
  const scale = chooseLossScale(SMALLEST_GRADIENT, LARGEST_GRADIENT);
  lab.log(`Loss scale: ${scale}`);
  lab.table(
    [SMALLEST_GRADIENT, LARGEST_GRADIENT].map((gradient) => {
      const scaled = gradient * scale;
      return {
        gradient,
        'gradient × scale': scaled,
        'fits in float16': scaled >= FLOAT16_SMALLEST && scaled <= FLOAT16_MAX ? 'yes' : 'no',
      };
    }),
    { title: 'The extreme gradients after scaling' },
  );
}
