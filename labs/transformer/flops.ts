/**
 * The transformer's arithmetic per training step, from its shapes: 2 FLOPs per multiply-add, and a training
 * step costs the forward pass plus the two gradients of every product (of its input and of its weights),
 * about 3 × the forward. Element-wise work (norms, GELU, softmax) is left out: it moves memory more than
 * it computes.
 *
 * Three parts, reported apart because they grow differently:
 * - dense: the products with weight matrices (queries/keys/values, the attention's output, the MLP), which
 *   grow with width²: 24·N·d² per layer forward for N = batch·T positions;
 * - attention: each query against every key, and the weighted mix of values, which grow with T²: 4·batch·T²·d
 *   per layer forward. This is the part a longer context makes quadratic;
 * - embedding and output: the one-hot product in and the tied scores out, 2·N·d·V each forward. The one-hot
 *   input needs no gradient of its own, so the embedding costs 2 products per step, not 3.
 */
import type { TransformerShape } from './model.ts';

export interface StepFlops {
  dense: number;
  attention: number;
  embeddingAndOutput: number;
  total: number;
}

export function trainingFlops(shape: TransformerShape, batch: number): StepFlops {
  const { width: d, context: t, layers, vocabulary: v } = shape;
  const positions = batch * t;
  const dense = 3 * layers * 24 * positions * d * d;
  const attention = 3 * layers * 4 * batch * t * t * d;
  const embedding = 2 * (2 * positions * v * d);
  const output = 3 * (2 * positions * d * v);
  const embeddingAndOutput = embedding + output;
  return { dense, attention, embeddingAndOutput, total: dense + attention + embeddingAndOutput };
}

/**
 * A product's arithmetic intensity: FLOPs per byte it must move at least (its two float32 inputs and its
 * output, each once). Below a device's FLOP/s ÷ memory bandwidth (its ridge point, about 60–200 for current
 * GPUs) the product waits on memory; above it, on arithmetic.
 */
export function matMulIntensity(rows: number, inner: number, columns: number): number {
  const flops = 2 * rows * inner * columns;
  const bytes = 4 * (rows * inner + inner * columns + rows * columns);
  return flops / bytes;
}
