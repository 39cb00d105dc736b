/** The batch and the layer of this exercise, made the same way on every run (seeded). */
import * as tf from '@tensorflow/tfjs';

/** Eight 32 × 32 colour photos laid out NCHW, as PyTorch keeps them: [batch, channels, height, width]. */
export function photosNCHW(): tf.Tensor4D {
  return tf.randomNormal<tf.Rank.R4>([8, 3, 32, 32], 0, 1, 'float32', 7);
}

/** A 3 × 3 convolution from 3 colour channels to 16 features, as TensorFlow.js lays filters out: [height, width, in, out]. */
export function filter(): tf.Tensor4D {
  return tf.randomNormal<tf.Rank.R4>([3, 3, 3, 16], 0, 0.1, 'float32', 8);
}
