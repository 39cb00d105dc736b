/**
 * What the transformer benchmarks measure (`npm run bench -- --model transformer`, `npm run bench:gpu --
 * --model transformer`): the lab's default model, and the sizes of the lab's sweep, as labs/transformer/main.ts
 * sets them. Pure, so the plan is the same in Node, in the page and in the PyTorch reference's `--sizes`.
 */
import { TINY_SHAKESPEARE_CHARACTERS } from '../../labs/api/text-corpus.ts';
import { trainingFlops } from '../../labs/transformer/flops.ts';
import { BATCH_SIZE, CONTEXT, HEADS, LAYERS, WIDTH } from '../../labs/transformer/main.ts';
import { checkShape, type TransformerShape } from '../../labs/transformer/model.ts';

/** The lab's default model, over Tiny Shakespeare's characters, and its batch. */
export const DEFAULT_TRANSFORMER: TransformerShape = {
  vocabulary: TINY_SHAKESPEARE_CHARACTERS,
  width: WIDTH,
  context: CONTEXT,
  layers: LAYERS,
  heads: HEADS,
};
export const DEFAULT_TRANSFORMER_BATCH = BATCH_SIZE;

/**
 * The lab's sweep, as main.ts sets it: the width grows at the smallest context, then the context at the
 * smallest width.
 */
export { SWEEP_WIDTHS, SWEEP_CONTEXTS, SWEEP_BATCH_SIZE as SWEEP_BATCH } from '../../labs/transformer/main.ts';

export interface TransformerSize {
  shape: TransformerShape;
  batch: number;
  flopsPerStep: number;
}

/**
 * Every size of the sweep, each once, smallest FLOPs per step first (ties: the shorter context). Throws a
 * RangeError naming the width when one does not divide by the heads.
 */
export function transformerSweepSizes(
  widths: readonly number[],
  contexts: readonly number[],
  model: Pick<TransformerShape, 'vocabulary' | 'layers' | 'heads'>,
  batch: number,
): TransformerSize[] {
  const odd = widths.find((width) => width % model.heads !== 0);
  if (odd !== undefined)
    throw new RangeError(
      `Width ${odd} does not divide by ${model.heads} heads: each head gets width / heads of every vector. Choose widths that are multiples of ${model.heads}.`,
    );
  const baseWidth = Math.min(...widths);
  const baseContext = Math.min(...contexts);
  const pairs = [...widths.map((width) => [width, baseContext]), ...contexts.map((context) => [baseWidth, context])];
  const unique = [...new Map(pairs.map(([width, context]) => [`${width}x${context}`, { width, context }])).values()];
  return unique
    .map(({ width, context }) => {
      const shape = { ...model, width, context };
      checkShape(shape);
      return { shape, batch, flopsPerStep: trainingFlops(shape, batch).total };
    })
    .sort((a, b) => a.flopsPerStep - b.flopsPerStep || a.shape.context - b.shape.context);
}

/** The size as the PyTorch reference's `--sizes` reads it, WIDTHxCONTEXT. */
export const sizeKey = (shape: Pick<TransformerShape, 'width' | 'context'>) => `${shape.width}x${shape.context}`;

export const sizeLabel = (shape: Pick<TransformerShape, 'width' | 'context'>) => `width ${shape.width}, context ${shape.context}`;

/** A measured size, as far as the estimate below needs it. */
export interface MeasuredSize {
  shape: Pick<TransformerShape, 'width' | 'context'>;
  msPerStep: number;
  flopsPerStep: number;
}

/**
 * The last size measured on the same line of the sweep as `size` (the same width or the same context), which
 * predicts its step time: the lab's sweep, too, extrapolates line by line, so a line where attention dominates
 * (long contexts, which run at a lower rate) does not hold back the other.
 */
export function lastOnLine<T extends MeasuredSize>(measured: readonly T[], size: TransformerSize): T | undefined {
  return measured.findLast((point) => point.shape.width === size.shape.width || point.shape.context === size.shape.context);
}

/**
 * A step's time at `size`, extrapolated at `previous`'s GFLOP/s (0 without one). Bigger sizes usually run at a
 * higher rate, so the estimate errs on the slow side.
 */
export function estimatedStepMs(previous: MeasuredSize | undefined, size: TransformerSize): number {
  return previous ? previous.msPerStep * (size.flopsPerStep / previous.flopsPerStep) : 0;
}

/** The reference's throughput line, as transformer_reference.py prints it. */
export interface ReferencePoint extends TransformerShape {
  mode: 'throughput';
  msPerStep: number;
  tokensPerSecond: number;
  gflopsPerSecond: number;
  flopsPerStep: number;
  firstStepMs: number;
  repeatMsPerStep: number[];
  steps: number;
  batch: number;
  device: string;
  deviceName: string;
  threads: number;
  torch: string;
}

export function isReferencePoint(line: unknown): line is ReferencePoint {
  const point = line as Partial<ReferencePoint> | null;
  return (
    point?.mode === 'throughput' &&
    typeof point.width === 'number' &&
    typeof point.context === 'number' &&
    typeof point.tokensPerSecond === 'number'
  );
}
