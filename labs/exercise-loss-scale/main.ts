/**
 * Exercise: choose a loss scale for float16.
 *
 * float16's smallest value is 2⁻²⁴ (about 5.96e-8) and its largest 65,504. Values below 2⁻²⁵ (about
 * 3e-8) round to 0, and values below 2⁻¹⁴ (about 6.1e-5) are subnormal and lose precision. A gradient of
 * 1e-8 becomes exactly zero, and training stops learning from it. Loss scaling multiplies the loss,
 * and so every gradient, by a factor before the backward pass and divides it back out afterwards. Too
 * small a factor and tiny gradients still vanish; too large and the biggest ones overflow to Infinity.
 * Here the extreme gradients are known, so you pick the largest safe power of two; PyTorch's GradScaler
 * finds its scale during training instead, growing it and halving it after an overflow.
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
