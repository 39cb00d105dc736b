/** A wrong answer the tests use (never shown): it silences the error with labels typed in by hand. */
import * as tf from '@tensorflow/tfjs';
import type { Lab } from '../api';
import { LABEL_TEXT, LOGITS } from './batch.ts';

export function readLabels(_text: string): tf.Tensor1D {
  return tf.tensor1d([0, 1, 2, 1], 'int32');
}

export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(tf.oneHot(labels, logits.shape[1]), logits));
}

export default async function main(lab: Lab) {
  const logits = tf.tensor2d(LOGITS);
  const labels = readLabels(LABEL_TEXT);
  const loss = crossEntropy(logits, labels);
  lab.log(`cross-entropy: ${(await loss.data())[0]?.toFixed(4)}`);
  tf.dispose([logits, labels, loss]);
}
