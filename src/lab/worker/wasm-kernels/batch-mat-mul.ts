/**
 * BatchMatMul on the WASM backend: every float32 product, whatever its transpose flags and batch, at SIMD
 * speed: on the course's own GEMM (simd/gemm-code.ts) when the backend runs one thread, on XNNPACK when it
 * runs several (below).
 *
 * The backend runs only the plain single product a[1,M,K] x b[1,K,N] fast, on XNNPACK; a transpose flag or
 * a batch sends it to a scalar triple loop (1-2 GFLOP/s). Training needs both: backpropagation through a
 * dense layer y = x W multiplies dW = x^T dy and dx = dy W^T, and attention multiplies one pair of matrices
 * per sequence and head ([batch·heads, T, d] x [batch·heads, d, T] and back), with every flag combination
 * between the forward and backward passes. Even its plain products pay XNNPACK's packing of the right
 * operand into a new operator on every call (a training step's operands are new tensors each time), and
 * XNNPACK's WebAssembly kernels multiply and add apart.
 *
 * The course's GEMM reads a transposed operand through its strides, packs only the right operand's panels
 * (a plain copy when its columns lie side by side), and multiplies with fused multiply-add where the
 * engine has relaxed SIMD: 25-35 GFLOP/s on one core of the development machine on the transformer's
 * products, against 9-23 for XNNPACK with the copies it needs (docs/benchmarks.md). Results match the
 * backend's to float32 rounding (sums in another order).
 *
 * The course's GEMM runs on one thread. When the backend's pool has more (a cross-origin-isolated page
 * on a multi-core machine), the products go to XNNPACK, rearranged so that it runs them all
 * (batch-mat-mul-xnnpack.ts), and its threads share each product; so does everything where the engine has
 * no WebAssembly SIMD. Products that are not float32, or whose batches broadcast other than "same batch
 * or one matrix for all", go to the backend's own kernel.
 */
import { BatchMatMul, type BatchMatMulAttrs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';

import { multiplyOnXnnpack } from './batch-mat-mul-xnnpack.ts';
import { describeProduct } from './product-shape.ts';
import { type HeapProduct, multiplyOnHeap } from './simd/gemm.ts';
import { simdKernelsFor } from './simd/simd-module.ts';
import { type BackendWasm, wasmHeap } from './wasm-backend-access.ts';

type Args = {
  inputs: { a: TensorInfo; b: TensorInfo };
  backend: BackendWasm;
  attrs: BatchMatMulAttrs;
};

/** The backend's own kernel, for the products the course's GEMM leaves to it. */
let originalKernel: KernelFunc | null = null;
export function setOriginalBatchMatMul(kernel: KernelFunc): void {
  originalKernel = kernel;
}

/** How many threads the backend's pool runs (1 in the builds without threads). */
function threadsOf(backend: BackendWasm): number {
  return (backend.wasm as unknown as { tfjs: { getThreadsCount(): number } }).tfjs.getThreadsCount();
}

/**
 * Which products go where: 'auto' (the default) sends them to the course's GEMM on one thread and to
 * XNNPACK on several; the others are for tests and measurements.
 */
export type BatchMatMulRoute = 'auto' | 'course-gemm' | 'xnnpack';
let route: BatchMatMulRoute = 'auto';
export function setBatchMatMulRoute(value: BatchMatMulRoute): void {
  route = value;
}

function batchMatMulWasm(args: Args): TensorInfo {
  const original = originalKernel;
  if (original == null) throw new Error('BatchMatMul: no original kernel');
  const { backend, attrs } = args;
  const { a, b } = args.inputs;
  const { transposeA, transposeB } = attrs;
  const product = describeProduct(a, b, transposeA, transposeB);
  if (product == null) return original(args as never) as TensorInfo;
  const heap = wasmHeap(backend);
  const kernels = route === 'xnnpack' || (route === 'auto' && threadsOf(backend) > 1) ? null : simdKernelsFor(heap.memory);
  if (kernels == null) return multiplyOnXnnpack(args, original);
  const out = backend.makeOutput(product.outShape, 'float32');
  const offset = (tensor: TensorInfo) => backend.getMemoryOffset(tensor.dataId);
  const heapProduct: HeapProduct = { ...product, a: offset(a), b: offset(b), out: offset(out), transposeA, transposeB };
  multiplyOnHeap(kernels.exports, heap, heapProduct);
  return out;
}

export const batchMatMulConfig: KernelConfig = {
  kernelName: BatchMatMul,
  backendName: 'wasm',
  kernelFunc: batchMatMulWasm as unknown as KernelFunc,
};
