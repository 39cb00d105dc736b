import * as tf from '@tensorflow/tfjs';
import { probes, tampering, testExercise } from '../exercise-kit/testing.ts';
import check from './check.ts';
import * as starter from './main.ts';
import * as solution from './solution.ts';
import * as wrong from './wrong.ts';

testExercise('exercise-tensor-leak', {
  check,
  solution,
  starter: {
    program: starter,
    fails: {
      'no-leak-per-step': /train leaves 1 more tensor alive for every step \(train\(5\) left 13, train\(15\) left 23\)/,
      'no-leak-at-end': /train leaves 8 tensors alive however many steps it runs/,
    },
  },
  wrong: [
    {
      name: 'the starter, hiding its leak by replacing tf.engine().memory',
      program: tampering(starter, probes.memoryHidesTensors),
      fails: {
        'no-leak-per-step': /train leaves 1 more tensor alive for every step \(train\(5\) left 13, train\(15\) left 23\)/,
        'no-leak-at-end': /train leaves 8 tensors alive however many steps it runs/,
      },
    },
    {
      name: 'the starter, dropping failed requirements by replacing Array.prototype.push',
      program: tampering(starter, probes.pushDropsFailures),
      fails: {
        'no-leak-per-step': /train leaves 1 more tensor alive for every step/,
        'no-leak-at-end': /train leaves 8 tensors alive/,
      },
    },
    {
      name: 'frees each loss, but not the data, the variables or the optimizer',
      program: wrong,
      fails: { 'no-leak-at-end': /train leaves 8 tensors alive/ },
    },
    {
      name: 'cleans up, but forgets the optimizer',
      program: {
        ...solution,
        async train(steps: number) {
          const optimizer = tf.train.sgd(0.1);
          const loss = await solution.train(steps);
          void optimizer;
          return loss;
        },
      },
      fails: { 'no-leak-at-end': /train leaves 1 tensor alive/ },
    },
    {
      name: 'stops learning: returns the first loss',
      program: { ...solution, train: () => solution.train(1) },
      fails: { 'still-trains': /returned 25\.5, 25\.5, 25\.5; more steps should give a lower loss/ },
    },
    {
      name: 'does not train at all: returns 0',
      program: { ...solution, train: () => Promise.resolve(0) },
      fails: { 'still-trains': /^train\(5\) returned 0 without reading any tensor/ },
    },
    {
      name: 'returns a made-up falling loss',
      program: { ...solution, train: (steps: number) => Promise.resolve(1 / steps ** 3) },
      fails: {
        'still-trains':
          /^train\(5\) returned 8e-3 without reading any tensor|^train\(5\) returned 0\.008 without reading any tensor/,
      },
    },
  ],
});
