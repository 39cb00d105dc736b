import * as tf from '@tensorflow/tfjs';
import { probes, tampering, testExercise } from '../exercise-kit/testing.ts';
import check from './check.ts';
import * as starter from './main.ts';
import { createRegression, disposeBatches, makeBatches } from './model.ts';
import * as solution from './solution.ts';
import * as wrong from './wrong.ts';

testExercise('exercise-read-once-per-epoch', {
  check,
  solution,
  starter: {
    program: starter,
    fails: { 'reads-per-epoch': /^The loss is read back 16 times in 2 epochs \(8 per epoch\); read it at most once per epoch/ },
  },
  wrong: [
    {
      name: 'the starter, making every check look passed by replacing Array.prototype.every',
      program: tampering(starter, probes.everyAlwaysTrue),
      fails: { 'reads-per-epoch': /^The loss is read back 16 times in 2 epochs \(8 per epoch\)/ },
    },
    {
      name: "reads once per epoch, but only the last step's loss",
      program: wrong,
      fails: { 'mean-losses': /^Epoch 1: trainEpochs returned [\d.]+, but the mean loss of its steps is [\d.]+/ },
    },
    {
      name: 'keeps every running total alive',
      program: {
        ...solution,
        async trainEpochs(epochs: number) {
          const batches = makeBatches();
          const model = createRegression();
          const means: number[] = [];
          for (let epoch = 0; epoch < epochs; epoch++) {
            let total: tf.Tensor = tf.scalar(0);
            for (const batch of batches) total = total.add(model.step(batch));
            means.push(((await total.data())[0] ?? Number.NaN) / batches.length);
          }
          model.dispose();
          disposeBatches(batches);
          return means;
        },
      },
      fails: { 'no-leak': /left 34 tensors alive: each tf\.add makes a new total/ },
    },
  ],
});
