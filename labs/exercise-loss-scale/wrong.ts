/** A wrong answer the tests use (never shown): PyTorch's starting scale, 2¹⁶, whatever the gradients. */
import type { Lab } from '../api';

export function chooseLossScale(_smallest: number, _largest: number): number {
  return 2 ** 16;
}

export default function main(lab: Lab) {
  lab.log(`Loss scale: ${chooseLossScale(1e-8, 120)}`);
}
