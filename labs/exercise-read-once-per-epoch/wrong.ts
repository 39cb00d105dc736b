/** A wrong answer the tests use (never shown): one read per epoch, but of the last step's loss only. */
import type { Lab } from '../api';
import { createRegression, disposeBatches, makeBatches } from './model.ts';

export async function trainEpochs(epochs: number): Promise<number[]> {
  const batches = makeBatches();
  const model = createRegression();
  const means: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    let last = 0;
    for (const [index, batch] of batches.entries()) {
      const loss = model.step(batch);
      if (index === batches.length - 1) last = (await loss.data())[0] ?? Number.NaN;
      loss.dispose();
    }
    means.push(last);
  }
  model.dispose();
  disposeBatches(batches);
  return means;
}

export default async function main(lab: Lab) {
  lab.log(await trainEpochs(3));
}
