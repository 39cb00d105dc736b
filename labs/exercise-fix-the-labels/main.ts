/**
 * Exercise: fix a tensor from its error message.
 *
 * Run the program: it stops with an error. Read the message the way Day 10 reads a device error (which
 * operation, which argument, what it expected, what it got) and fix the tensor it points at, where that
 * tensor is made.
 */
import * as tf from '@tensorflow/tfjs';
import type { Lab } from '../api';
import { LABEL_TEXT, LOGITS } from './batch.ts';

/** Turns "0,1,2,1" into a tensor of class indices. */
export function readLabels(text: string): tf.Tensor1D {
  return tf.tensor1d(text.split(',').map(Number));
}

/** The mean cross-entropy of `logits` against the true classes `labels`. Leave this function as it is. */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const targets = tf.oneHot(labels, logits.shape[1]);
    return tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(targets, logits);
  });
}

export default async function main(lab: Lab) {
  const logits = tf.tensor2d(LOGITS);
  const labels = readLabels(LABEL_TEXT);
  const loss = crossEntropy(logits, labels);
  const [value = Number.NaN] = await loss.data();
  lab.log(`cross-entropy: ${value.toFixed(4)}`);
  tf.dispose([logits, labels, loss]);
}
