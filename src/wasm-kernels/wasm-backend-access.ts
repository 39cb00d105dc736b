/**
 * Small, typed helpers for writing extra kernels for the tfjs WASM backend
 * from TypeScript.
 *
 * Why this file exists: a WASM tensor lives in the WebAssembly heap, not in a
 * JS array. The backend's public class (`BackendWasm`) lets us allocate heap
 * tensors (`makeOutput`), look at them without copying (`typedArrayFromHeap`)
 * and free them (`disposeData`). Together with `getKernel` (public in
 * tfjs-core) we can also call the backend's own compiled kernels, such as the
 * XNNPACK-backed `BatchMatMul`, directly from inside our kernels, exactly the
 * way the backend composes its own kernels (no engine round trip, no tape).
 */
import {getKernel, type NamedAttrMap, type TensorInfo} from '@tensorflow/tfjs';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';

export type {BackendWasm};

/**
 * A Float32Array view of a tensor's bytes in the WASM heap (no copy).
 *
 * Careful: a view is invalidated ("detached") as soon as the heap grows, and
 * any allocation can grow it. So take views *after* the last allocation and
 * do not keep them across calls into other kernels.
 */
export function heapF32(backend: BackendWasm, info: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** Allocates an uninitialised float32 tensor in the WASM heap. */
export function allocF32(backend: BackendWasm, shape: number[]): TensorInfo {
  return backend.makeOutput(shape, 'float32');
}

/** Frees an intermediate tensor created inside a kernel. */
export function release(backend: BackendWasm, info: TensorInfo): void {
  backend.disposeData(info.dataId);
}

/** The same tensor bytes seen with another (same-sized) shape; no copy. */
export function withShape(info: TensorInfo, shape: number[]): TensorInfo {
  return {dataId: info.dataId, shape, dtype: info.dtype};
}

/**
 * Runs one of the WASM backend's own kernels synchronously and returns its
 * freshly allocated output (the caller owns it: return it or `release` it).
 */
export function runWasmKernel(
    backend: BackendWasm, kernelName: string, inputs: Record<string, TensorInfo>,
    attrs: NamedAttrMap = {}): TensorInfo {
  const config = getKernel(kernelName, 'wasm');
  if (config == null) {
    throw new Error(`wasm-kernels: the wasm backend has no '${kernelName}' kernel`);
  }
  return config.kernelFunc({inputs, backend, attrs}) as TensorInfo;
}

/**
 * out[1, M, N] = a[1, M, K] x b[1, K, N] on the WASM backend.
 *
 * Only this exact form (no transposes, batch 1) reaches XNNPACK's SIMD
 * fully-connected GEMM inside the backend; any transpose flag falls back to a
 * scalar triple loop that is several times slower. Callers therefore lay out
 * their operands so that no transpose is needed. `b` plays XNNPACK's
 * "weights" role and is re-packed on every call, so keep it the smaller one.
 */
export function matMulF32(
    backend: BackendWasm, a: TensorInfo, b: TensorInfo, m: number, k: number,
    n: number): TensorInfo {
  return runWasmKernel(
      backend, 'BatchMatMul',
      {a: withShape(a, [1, m, k]), b: withShape(b, [1, k, n])},
      {transposeA: false, transposeB: false});
}
