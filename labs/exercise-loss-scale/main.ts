/**
 * Exercise: choose a loss scale for float16.
 *
 * float16 holds nothing smaller than 2⁻²⁴ (about 5.96e-8) and nothing larger than 65,504. A gradient of
 * 1e-8 becomes exactly zero in it, and training stops learning from it. Loss scaling multiplies the loss,
 * and so every gradient, by a factor before the backward pass and divides it back out afterwards. Too
 * small a factor and tiny gradients still vanish; too large and the biggest ones overflow to Infinity.
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
 * A power of two that keeps `smallest` × scale at or above FLOAT16_SMALLEST and `largest` × scale at or
 * below FLOAT16_MAX. Throws a RangeError when no such scale exists.
 */
export function chooseLossScale(smallest: number, largest: number): number {
  if (!(smallest > 0 && largest >= smallest)) throw new RangeError('Expected 0 < smallest ≤ largest.');
  // TODO: a scale of 1 leaves 1e-8 below what float16 can hold.
  return 1;
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
