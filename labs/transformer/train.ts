/**
 * Training and evaluation loops for the transformer, shared by the lab, its sweep and `npm run bench`.
 *
 * As for the CNN (labs/cnn/train.ts): no read-back inside a timed loop, each step under tidy (minimize
 * keeps only the loss it returns), and one read-back before the clock stops, because GPU backends return
 * before their work is done.
 */
import * as tf from '@tensorflow/tfjs';
import { sampleBatch, type TokenBatch } from '../api/text-corpus.ts';
import { lossOf, type Transformer } from './model.ts';

/** Adam, with TensorFlow.js's epsilon of 1e-7 (the PyTorch twin sets the same, so the two match step for step). */
export function createOptimizer(learningRate: number): tf.AdamOptimizer {
  return tf.train.adam(learningRate, 0.9, 0.999, 1e-7);
}

/** A batch's inputs and targets on the active backend: the host→device copy. */
export function batchTensors(batch: TokenBatch): { inputs: tf.Tensor2D; targets: tf.Tensor2D } {
  return {
    inputs: tf.tensor2d(batch.inputs, [batch.batchSize, batch.context], 'int32'),
    targets: tf.tensor2d(batch.targets, [batch.batchSize, batch.context], 'int32'),
  };
}

/** One optimizer step on a batch; returns the batch's loss (before the step) as a scalar the caller disposes. */
export function trainStep(
  model: Transformer,
  optimizer: tf.Optimizer,
  inputs: tf.Tensor2D,
  targets: tf.Tensor2D,
  mask: tf.Tensor2D,
): tf.Scalar {
  return optimizer.minimize(() => lossOf(model, inputs, targets, mask), true, model.variables) as tf.Scalar;
}

/** One step on a batch drawn from `tokens` with `random`: the batch's copy to the device is part of the step. */
export function trainOnSample(
  model: Transformer,
  optimizer: tf.Optimizer,
  tokens: Uint16Array,
  batchSize: number,
  random: () => number,
  mask: tf.Tensor2D,
): tf.Scalar {
  const { inputs, targets } = batchTensors(sampleBatch(tokens, batchSize, model.shape.context, random));
  try {
    return trainStep(model, optimizer, inputs, targets, mask);
  } finally {
    tf.dispose([inputs, targets]);
  }
}

/**
 * Mean loss over the given batches, without training: the validation loss when they come from held-out text.
 * The losses are stacked, not summed with tf.addN: tfjs-backend-webgpu 4.22's AddN of scalars returned another
 * tensor's value here (SwiftShader, Chromium 156), while stack and mean agree on every backend.
 */
export async function evaluateLoss(model: Transformer, batches: readonly TokenBatch[], mask: tf.Tensor2D): Promise<number> {
  const mean = tf.tidy(() =>
    tf
      .stack(
        batches.map((batch) => {
          const { inputs, targets } = batchTensors(batch);
          return lossOf(model, inputs, targets, mask);
        }),
      )
      .mean(),
  );
  const [value] = await mean.data();
  mean.dispose();
  return value;
}
