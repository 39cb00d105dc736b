/**
 * BatchMatMul with transposed operands, made fast on the WASM backend.
 *
 * Backpropagation through a dense layer y = x W needs two products with a
 * transposed operand: dW = x^T dy and dx = dy W^T. The WASM backend sends
 * any product with a transpose flag (or a batch) to a scalar triple loop,
 * and only the plain form a[1,M,K] x b[1,K,N] to XNNPACK's SIMD GEMM. In the
 * course CNN's dense layers the scalar loop was ~10x slower than XNNPACK.
 *
 * So for single (batch 1) products we physically transpose the flagged
 * operand with the backend's Transpose kernel (a cheap memory copy) and run
 * the plain product. Everything else goes to the original kernel unchanged.
 */
import { BatchMatMul, type BatchMatMulAttrs, type KernelConfig, type KernelFunc, type TensorInfo, util } from '@tensorflow/tfjs';

import { type BackendWasm, release, runWasmKernel } from './wasm-backend-access.ts';

type Args = {
  inputs: { a: TensorInfo; b: TensorInfo };
  backend: BackendWasm;
  attrs: BatchMatMulAttrs;
};

/** The backend's own kernel (also does the actual XNNPACK product). */
let originalKernel: KernelFunc | null = null;
export function setOriginalBatchMatMul(kernel: KernelFunc): void {
  originalKernel = kernel;
}

/** Swaps the last two axes of `t` (a real copy, via the backend). */
function transposeLastTwo(backend: BackendWasm, t: TensorInfo): TensorInfo {
  const perm = t.shape.map((_, i) => i);
  const n = perm.length;
  [perm[n - 2], perm[n - 1]] = [perm[n - 1], perm[n - 2]];
  return runWasmKernel(backend, 'Transpose', { x: t }, { perm });
}

function batchMatMulWasm(args: Args): TensorInfo {
  if (originalKernel == null) throw new Error('BatchMatMul: no original kernel');
  const { backend, attrs } = args;
  const { a, b } = args.inputs;
  const { transposeA, transposeB } = attrs;
  const single = util.sizeFromShape(a.shape.slice(0, -2)) === 1 && util.sizeFromShape(b.shape.slice(0, -2)) === 1;
  if ((!transposeA && !transposeB) || !single || a.dtype !== 'float32' || b.dtype !== 'float32') {
    return originalKernel(args as never) as TensorInfo;
  }
  const a2 = transposeA ? transposeLastTwo(backend, a) : a;
  const b2 = transposeB ? transposeLastTwo(backend, b) : b;
  const out = originalKernel({
    inputs: { a: a2, b: b2 },
    backend,
    attrs: { transposeA: false, transposeB: false },
  }) as TensorInfo;
  if (a2 !== a) release(backend, a2);
  if (b2 !== b) release(backend, b2);
  return out;
}

export const batchMatMulConfig: KernelConfig = {
  kernelName: BatchMatMul,
  backendName: 'wasm',
  kernelFunc: batchMatMulWasm as unknown as KernelFunc,
};
