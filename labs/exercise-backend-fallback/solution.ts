/**
 * Solution: try each backend in order, stop at the first that starts, and report the one TensorFlow.js
 * actually runs.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName, Lab } from '../api';

/** The backends to try, GPU first: WebGPU, then WebGL, then WASM (which can beat WebGL on small work), then plain JavaScript. */
export const PREFERRED: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** Switches to the first backend of PREFERRED that starts here, and returns the name of the backend that runs. */
export async function pickBackend(lab: Lab): Promise<string> {
  for (const name of PREFERRED) {
    try {
      const device = await lab.useBackend(name);
      return device.backend;
    } catch (error) {
      lab.log(`${name} did not start: ${(error as Error).message}`);
    }
  }
  throw new Error(`None of ${PREFERRED.join(', ')} could start here.`);
}

export default async function main(lab: Lab) {
  const backend = await pickBackend(lab);
  lab.log(`Running on ${backend}`);

  const x = tf.tensor1d([1, 2, 3]);
  const doubled = x.mul(2);
  lab.log('x × 2 =', doubled);
  tf.dispose([x, doubled]);
}
