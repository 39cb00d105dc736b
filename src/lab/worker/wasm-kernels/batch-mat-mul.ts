/**
 * BatchMatMul on the WASM backend: every float32 product, whatever its transpose flags and batch, on the
 * course's own GEMM (simd/gemm-code.ts), in the backend's memory.
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
 * products, against 9-23 for the backend's kernel with the copies it needed (docs/benchmarks.md). Results
 * match the backend's to float32 rounding (sums in another order). Anything else, not float32 or with a
 * batch broadcast other than "same batch or one matrix for all", goes to the backend's own kernel, as it
 * does where the engine has no WebAssembly SIMD.
 */
import {
  BatchMatMul,
  type BatchMatMulAttrs,
  broadcast_util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs';

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

/** A float32 product the course's GEMM runs: sizes after the flags, batch sizes, and the output's shape. */
export interface Product {
  rows: number;
  depth: number;
  columns: number;
  batch: number;
  batchA: number;
  batchB: number;
  outShape: number[];
}

/** The product's sizes, or null where the backend's own kernel should run it. */
export function describeProduct(
  a: Pick<TensorInfo, 'shape' | 'dtype'>,
  b: Pick<TensorInfo, 'shape' | 'dtype'>,
  transposeA: boolean,
  transposeB: boolean,
): Product | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return null;
  const [aRows, aColumns] = a.shape.slice(-2);
  const [bRows, bColumns] = b.shape.slice(-2);
  const [rows, depth] = transposeA ? [aColumns, aRows] : [aRows, aColumns];
  const [depthB, columns] = transposeB ? [bColumns, bRows] : [bRows, bColumns];
  if (depth !== depthB || rows * depth * columns === 0) return null; // the original reports the mismatch, or has nothing to do
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const outer = broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  const batch = util.sizeFromShape(outer);
  const batchA = util.sizeFromShape(outerA);
  const batchB = util.sizeFromShape(outerB);
  // Same batch on both sides (then the broadcast shape is each side's shape) or one matrix for all.
  if ((batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) return null;
  return { rows, depth, columns, batch, batchA, batchB, outShape: [...outer, rows, columns] };
}

function batchMatMulWasm(args: Args): TensorInfo {
  const original = originalKernel;
  if (original == null) throw new Error('BatchMatMul: no original kernel');
  const { backend, attrs } = args;
  const { a, b } = args.inputs;
  const { transposeA, transposeB } = attrs;
  const product = describeProduct(a, b, transposeA, transposeB);
  const heap = wasmHeap(backend);
  const kernels = product == null ? null : simdKernelsFor(heap.memory);
  if (product == null || kernels == null) return original(args as never) as TensorInfo;
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
