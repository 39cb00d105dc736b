/**
 * Extra kernels that let tfjs-backend-wasm 4.22 *train* convolutional nets.
 *
 * Call `registerWasmTrainingKernels()` once, before or after
 * `tf.setBackend('wasm')`; calling it again does nothing.
 */
import {getKernel, type KernelConfig, registerKernel} from '@tensorflow/tfjs';

import {conv2DBackpropFilterConfig} from './conv2d-backprop-filter.ts';

/** Every kernel this module adds, for tests and for the curious. */
export const wasmTrainingKernels: readonly KernelConfig[] = [
  conv2DBackpropFilterConfig,
];

export function registerWasmTrainingKernels(): void {
  for (const config of wasmTrainingKernels) {
    // Idempotent: tfjs warns on duplicate registrations, so skip known ones.
    if (getKernel(config.kernelName, config.backendName) == null) {
      registerKernel(config);
    }
  }
}
