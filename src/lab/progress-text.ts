/**
 * The amount a lab progress bar shows next to the bar: "3 / 10", "1.2 of 4.4 MB", "2,000 of 5,000 images".
 * Pure, so its wording is pinned by unit tests.
 */
import type { ProgressUnit } from '../../labs/api/index.ts';

const wholeNumber = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

function megabytes(bytes: number, digits: number): string {
  return (bytes / 1_000_000).toFixed(digits);
}

export function formatProgressAmount(done: number, total: number, unit: ProgressUnit | undefined): string {
  switch (unit) {
    case 'bytes': {
      if (total < 1_000_000) return `${(done / 1000).toFixed(1)} of ${(total / 1000).toFixed(1)} kB`;
      // Below 10 MB a decimal place is worth showing; above, it only flickers.
      const digits = total < 10_000_000 ? 1 : 0;
      return `${megabytes(done, digits)} of ${megabytes(total, digits)} MB`;
    }
    case 'images':
      return `${wholeNumber.format(done)} of ${wholeNumber.format(total)} images`;
    default:
      return `${done} / ${total}`;
  }
}
