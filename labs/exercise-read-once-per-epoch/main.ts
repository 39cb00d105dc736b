/**
 * Exercise: read the loss once per epoch.
 *
 * `trainEpochs` reads the loss back after every step to add it up. On a GPU backend each read makes the
 * CPU wait until the GPU has finished, so the GPU sits idle while the next step is prepared: the loop runs
 * at the speed of the round trip. Keep the running total on the backend and read it once per epoch.
 */
import type { Lab } from '../api';
import { createRegression, disposeBatches, makeBatches } from './model.ts';

/** Trains for `epochs` passes over the batches and returns the mean loss of each epoch. */
export async function trainEpochs(epochs: number): Promise<number[]> {
  const batches = makeBatches();
  const model = createRegression();
  const means: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    let total = 0;
    for (const batch of batches) {
      const loss = model.step(batch);
      total += (await loss.data())[0] ?? Number.NaN; // a read-back on every step
      loss.dispose();
    }
    means.push(total / batches.length);
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
