/**
 * Exercise: choose a backend with a fallback, and say which one really runs.
 *
 * PyTorch scripts choose cuda, then mps, then the CPU. The browser's version of that order is WebGPU,
 * then WebGL, then WebAssembly, then plain JavaScript. `pickBackend` below assumes the first choice always
 * starts; on most machines it does not, and the log line then names a backend that is not running.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName, Lab } from '../api';

/** The backends to try, GPU first: WebGPU, then WebGL, then WASM (which can beat WebGL on small work), then plain JavaScript. */
export const PREFERRED: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** Switches to the first backend of PREFERRED that starts here, and returns the name of the backend that runs. */
export async function pickBackend(lab: Lab): Promise<string> {
  // TODO: when WebGPU cannot start, this carries on as if it had.
  try {
    await lab.useBackend('webgpu');
  } catch {
    // ignored
  }
  return 'webgpu';
}

export default async function main(lab: Lab) {
  const backend = await pickBackend(lab);
  lab.log(`Running on ${backend}`);

  const x = tf.tensor1d([1, 2, 3]);
  const doubled = x.mul(2);
  lab.log('x × 2 =', doubled);
  tf.dispose([x, doubled]);
}
