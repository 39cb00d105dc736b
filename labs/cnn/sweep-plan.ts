/**
 * The sizes the crossover sweep visits: every (width, batch size) pair, smallest work first.
 *
 * Growing the width multiplies the arithmetic per image (roughly by width², since the middle layers
 * grow in both their inputs and outputs); growing the batch multiplies the images per step. Both make
 * each kernel launch do more work, which is what a GPU needs before its fixed per-kernel cost stops
 * dominating. The same plan drives the lab, `npm run bench -- --sweep` and `npm run bench:gpu`.
 */
import { trainingFlopsPerStep } from './flops.ts';

export interface SweepPoint {
  /** Multiplier of every layer's channels and hidden units (1 = the project's network). */
  width: number;
  batchSize: number;
  /** Training FLOPs per step at this size (see flops.ts). */
  flopsPerStep: number;
}

/** The widths and batch sizes the lab sweeps by default. */
export const DEFAULT_SWEEP_WIDTHS: readonly number[] = [1, 2, 4, 8];
export const DEFAULT_SWEEP_BATCHES: readonly number[] = [64, 256, 1024];

/** Every pair, ordered by FLOPs per step (ties: the smaller batch first). */
export function sweepPoints(
  widths: readonly number[] = DEFAULT_SWEEP_WIDTHS,
  batches: readonly number[] = DEFAULT_SWEEP_BATCHES,
): SweepPoint[] {
  const points = widths.flatMap((width) =>
    batches.map((batchSize) => ({ width, batchSize, flopsPerStep: trainingFlopsPerStep(width, batchSize) })),
  );
  return points.sort((a, b) => a.flopsPerStep - b.flopsPerStep || a.batchSize - b.batchSize);
}

/** A point's name in tables and JSON, e.g. "width 2, batch 256". */
export function pointLabel(point: Pick<SweepPoint, 'width' | 'batchSize'>): string {
  return `width ${point.width}, batch ${point.batchSize}`;
}
