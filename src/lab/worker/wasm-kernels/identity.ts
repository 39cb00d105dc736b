/**
 * A zero-copy Identity for the WASM backend.
 *
 * During training the engine keeps every activation that a gradient will need
 * later by cloning it (`Identity`). tfjs tensors are immutable, so the CPU and
 * WebGL backends implement a clone by sharing the data and bumping a
 * reference count. The WASM backend 4.22 copies the whole buffer instead: in
 * the course CNN that is ~1.3 M floats (5 MB) of memcpy per training step for
 * nothing. We share the buffer the same way the WASM backend's own Reshape
 * kernel already does.
 */
import { Identity, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';

import { type BackendWasm, shareData } from './wasm-backend-access.ts';

/** The backend's own kernel (used for string tensors, which live in JS). */
let originalKernel: KernelFunc | null = null;
export function setOriginalIdentity(kernel: KernelFunc): void {
  originalKernel = kernel;
}

function identityWasm(args: { inputs: { x: TensorInfo }; backend: BackendWasm }): TensorInfo {
  const { x } = args.inputs;
  if (x.dtype === 'string') {
    if (originalKernel == null) throw new Error('Identity: no original kernel');
    return originalKernel(args) as TensorInfo;
  }
  return shareData(args.backend, x);
}

export const identityConfig: KernelConfig = {
  kernelName: Identity,
  backendName: 'wasm',
  kernelFunc: identityWasm as unknown as KernelFunc,
};
