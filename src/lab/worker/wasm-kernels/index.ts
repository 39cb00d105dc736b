/**
 * Extra kernels that let tfjs-backend-wasm 4.22 *train* convolutional nets and
 * transformers, and train them fast.
 *
 * - Added (missing in 4.22): Conv2DBackpropFilter.
 * - Replaced (present but slow): Conv2DBackpropInput, MaxPoolGrad,
 *   BatchMatMul (scalar loops for batched and transposed operands; now the
 *   course's own GEMM for every float32 product, batch-mat-mul.ts), Sum over
 *   leading axes (transposed first), SplitV and Concat (per-row copies), and
 *   Identity and same-type Cast (copied every tensor the engine saves for
 *   the backward pass, and every operand of a product's gradient). The
 *   course's WebAssembly kernels are in simd/. Each replacement keeps a
 *   handle on the original kernel and falls back to it for configurations
 *   it does not specialise.
 *
 * Call `registerWasmTrainingKernels()` once, before or after
 * `tf.setBackend('wasm')`; calling it again does nothing. It only touches the
 * kernel registry, so it is safe to call even if the wasm backend is never used.
 */
import '@tensorflow/tfjs-backend-wasm'; // its kernels must be registered first
import { getKernel, type KernelConfig, type KernelFunc, registerKernel, unregisterKernel } from '@tensorflow/tfjs';

import { batchMatMulConfig, setOriginalBatchMatMul } from './batch-mat-mul.ts';
import { castConfig, setOriginalCast } from './cast.ts';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter.ts';
import { conv2DBackpropInputConfig, setOriginalConv2DBackpropInput } from './conv2d-backprop-input.ts';
import { identityConfig, setOriginalIdentity } from './identity.ts';
import { maxPoolGradConfig } from './max-pool-grad.ts';
import { concatConfig, setOriginalConcat, setOriginalSplitV, splitVConfig } from './split-and-concat.ts';
import { setOriginalSum, sumConfig } from './sum.ts';

/** Kernels the wasm backend lacks. */
export const addedKernels: readonly KernelConfig[] = [conv2DBackpropFilterConfig];

/** Faster versions of kernels the wasm backend has (with the hook that receives the original). */
const replacements: ReadonlyArray<[KernelConfig, ((original: KernelFunc) => void) | null]> = [
  [conv2DBackpropInputConfig, setOriginalConv2DBackpropInput],
  [maxPoolGradConfig, null],
  [batchMatMulConfig, setOriginalBatchMatMul],
  [identityConfig, setOriginalIdentity],
  [castConfig, setOriginalCast],
  [sumConfig, setOriginalSum],
  [splitVConfig, setOriginalSplitV],
  [concatConfig, setOriginalConcat],
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
