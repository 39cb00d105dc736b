/**
 * The clock of the labs' sweeps: how long `steps` training steps take on the active backend, measured
 * honestly on a GPU. Each step returns its loss, which is disposed as soon as the next one starts; only
 * the last is read back, once, so the clock stops when the device has finished every queued step, and no
 * read inside the loop makes the CPU wait for the GPU between steps.
 */
import type { Scalar } from '@tensorflow/tfjs';

/** Milliseconds for `steps` calls of `work`, ended by one read-back of the last step's result. */
export async function timeSteps(work: () => Scalar, steps: number): Promise<number> {
  const started = performance.now();
  let last: Scalar | undefined;
  for (let i = 0; i < steps; i++) {
    last?.dispose();
    last = work();
  }
  await last?.data();
  last?.dispose();
  return performance.now() - started;
}
