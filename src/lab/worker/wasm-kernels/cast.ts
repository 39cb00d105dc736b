/**
 * A zero-copy Cast to the type a tensor already has, for the WASM backend.
 *
 * tfjs's gradient of a product casts both operands to float32 (`Multiply`'s gradient), so training casts
 * float32 tensors to float32 dozens of times a step. The backend copies the buffer each time (about 2.5 ms
 * a step in the transformer); like `Identity` (identity.ts), the cast now shares the data. Casts to another
 * type keep the backend's kernel.
 */
import { Cast, type CastAttrs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';

import { type BackendWasm, shareData } from './wasm-backend-access.ts';

let originalKernel: KernelFunc | null = null;
export function setOriginalCast(kernel: KernelFunc): void {
  originalKernel = kernel;
}

function castWasm(args: { inputs: { x: TensorInfo }; backend: BackendWasm; attrs: CastAttrs }): TensorInfo {
  const { x } = args.inputs;
  if (x.dtype !== args.attrs.dtype || x.dtype === 'string') {
    if (originalKernel == null) throw new Error('Cast: no original kernel');
    return originalKernel(args as never) as TensorInfo;
  }
  return shareData(args.backend, x);
}

export const castConfig: KernelConfig = {
  kernelName: Cast,
  backendName: 'wasm',
  kernelFunc: castWasm as unknown as KernelFunc,
};
