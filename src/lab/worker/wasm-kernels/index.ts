/**
 * Extra kernels that let tfjs-backend-wasm 4.22 *train* convolutional nets and
 * transformers, and train them fast.
 *
 * - Added (missing in 4.22): Conv2DBackpropFilter.
 * - Replaced (present but slow): Conv2DBackpropInput, MaxPoolGrad and
 *   BatchMatMul's batched and transposed-operand cases (scalar loops; now
 *   XNNPACK per batch slice, batch-mat-mul.ts), and Identity
 *   (copied every tensor the engine saves for the backward pass). Each
 *   replacement keeps a handle on the original kernel and falls back to it
 *   for configurations it does not specialise.
 *
 * Call `registerWasmTrainingKernels()` once, before or after
 * `tf.setBackend('wasm')`; calling it again does nothing. It only touches the
 * kernel registry, so it is safe to call even if the wasm backend is never used.
 */
import '@tensorflow/tfjs-backend-wasm'; // its kernels must be registered first
import { getKernel, type KernelConfig, type KernelFunc, registerKernel, unregisterKernel } from '@tensorflow/tfjs';

import { batchMatMulConfig, setOriginalBatchMatMul } from './batch-mat-mul.ts';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter.ts';
import { conv2DBackpropInputConfig, setOriginalConv2DBackpropInput } from './conv2d-backprop-input.ts';
import { identityConfig, setOriginalIdentity } from './identity.ts';
import { maxPoolGradConfig } from './max-pool-grad.ts';

/** Kernels the wasm backend lacks. */
export const addedKernels: readonly KernelConfig[] = [conv2DBackpropFilterConfig];

/** Faster versions of kernels the wasm backend has (with the hook that receives the original). */
const replacements: ReadonlyArray<[KernelConfig, ((original: KernelFunc) => void) | null]> = [
  [conv2DBackpropInputConfig, setOriginalConv2DBackpropInput],
  [maxPoolGradConfig, null],
  [batchMatMulConfig, setOriginalBatchMatMul],
  [identityConfig, setOriginalIdentity],
];
export const replacedKernels: readonly KernelConfig[] = replacements.map(([c]) => c);

export interface RegisterOptions {
  /**
   * Replacement kernels to leave out (e.g. ['MaxPoolGrad']), to measure what
   * each one buys. Missing kernels are always added.
   */
  skipReplacements?: readonly string[];
}

export function registerWasmTrainingKernels(options: RegisterOptions = {}): void {
  for (const config of addedKernels) {
    if (getKernel(config.kernelName, 'wasm') == null) registerKernel(config);
  }
  for (const [config, keepOriginal] of replacements) {
    if (options.skipReplacements?.includes(config.kernelName)) continue;
    const current = getKernel(config.kernelName, 'wasm');
    if (current?.kernelFunc === config.kernelFunc) continue; // already ours
    if (current != null) {
      keepOriginal?.(current.kernelFunc);
      unregisterKernel(config.kernelName, 'wasm');
    }
    // Keep the original's setup/dispose hooks: the backend calls setupFunc
    // when it initialises, and the original kernel (our fallback) needs it.
    registerKernel({
      ...config,
      setupFunc: current?.setupFunc,
      disposeFunc: current?.disposeFunc,
    });
  }
}
