/**
 * Solution: add each step's loss to a running total that stays on the backend, and read the total once
 * per epoch. Same numbers, one synchronisation per epoch instead of one per step.
 */
import * as tf from '@tensorflow/tfjs';
import type { Lab } from '../api';
import { createRegression, disposeBatches, makeBatches } from './model.ts';

/** Trains for `epochs` passes over the batches and returns the mean loss of each epoch. */
export async function trainEpochs(epochs: number): Promise<number[]> {
  const batches = makeBatches();
  const model = createRegression();
  const means: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    let total: tf.Tensor = tf.scalar(0);
    for (const batch of batches) {
      const loss = model.step(batch);
      const next = total.add(loss); // stays on the backend: nothing waits
      tf.dispose([total, loss]);
      total = next;
    }
    means.push(((await total.data())[0] ?? Number.NaN) / batches.length); // one read per epoch
    total.dispose();
  }
  model.dispose();
  disposeBatches(batches);
  return means;
}

export default async function main(lab: Lab) {
  const means = await trainEpochs(3);
  lab.table(
    means.map((loss, index) => ({ epoch: index + 1, 'mean loss': Number(loss.toFixed(4)) })),
    { title: 'Mean loss per epoch' },
  );
}
