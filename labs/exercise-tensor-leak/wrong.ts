/** A wrong answer the tests use (never shown): it frees each step's loss, but nothing else. */
import * as tf from '@tensorflow/tfjs';
import type { Lab } from '../api';

const XS = [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5];

export async function train(steps: number): Promise<number> {
  const xs = tf.tensor1d(XS);
  const ys = xs.mul(2).add(1);
  const w = tf.variable(tf.scalar(0));
  const b = tf.variable(tf.scalar(0));
  const optimizer = tf.train.sgd(0.1);
  let final = Number.NaN;
  for (let step = 0; step < steps; step++) {
    const loss = optimizer.minimize(() => xs.mul(w).add(b).sub(ys).square().mean<tf.Scalar>(), true);
    if (step === steps - 1) final = (await loss?.data())?.[0] ?? Number.NaN;
    loss?.dispose();
  }
  return final;
}

export default async function main(lab: Lab) {
  lab.log(`loss after 40 steps: ${await train(40)}`);
}
