/**
 * Small, typed helpers for writing extra kernels for the tfjs WASM backend
 * from TypeScript.
 *
 * Why this file exists: a WASM tensor lives in the WebAssembly heap, not in a
 * JS array. The backend's public class (`BackendWasm`) lets us allocate heap
 * tensors (`makeOutput`), look at them without copying (`typedArrayFromHeap`)
 * and free them (`disposeData`). Together with `getKernel` (public in
 * tfjs-core) we can also call the backend's own compiled kernels, such as
 * the XNNPACK-backed `Conv2D` and `Transpose`, directly from inside our
 * kernels, exactly the way the backend composes its own kernels (no engine
 * round trip, no tape).
 *
 * The helpers above use only the backend's *public* class API. `wasmHeap`
 * reaches further, into the Emscripten module, for what the course's own
 * WebAssembly kernels (simd/) need: its memory and its allocator (README.md
 * lists these internals of tfjs 4.22).
 */
import { getKernel, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type { BackendWasm };

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

/**
 * The same tensor data under a new handle, without a copy: a kernel's output that equals its input (a clone,
 * a cast to the same type). tfjs tensors are immutable, so sharing is safe; the reference count keeps the
 * data alive until both are disposed, as the backend's own Reshape does.
 */
export function shareData(backend: BackendWasm, x: TensorInfo): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Frees an intermediate tensor created inside a kernel. */
export function release(backend: BackendWasm, info: TensorInfo): void {
  backend.disposeData(info.dataId);
}

/**
 * Runs one of the WASM backend's own kernels synchronously and returns its
 * freshly allocated output (the caller owns it: return it or `release` it).
 */
export function runWasmKernel(
  backend: BackendWasm,
  kernelName: string,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const config = getKernel(kernelName, 'wasm');
  if (config == null) {
    throw new Error(`wasm-kernels: the wasm backend has no '${kernelName}' kernel`);
  }
  return config.kernelFunc({ inputs, backend, attrs }) as TensorInfo;
}

/** The backend's WebAssembly memory and its allocator: what a kernel written in WebAssembly needs. */
export interface WasmHeap {
  memory: WebAssembly.Memory;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
}

/**
 * The backend's Emscripten module, seen as a heap. The memory is `wasmMemory` in the threaded build, which
 * creates it (shared) for its workers, and the instance's exported `memory` (`asm.memory`) in the others;
 * the module's types leave both out.
 */
export function wasmHeap(backend: BackendWasm): WasmHeap {
  const module = backend.wasm as unknown as {
    wasmMemory?: WebAssembly.Memory;
    asm?: { memory?: WebAssembly.Memory };
  } & Omit<WasmHeap, 'memory'>;
  const memory = module.wasmMemory ?? module.asm?.memory;
  if (memory == null) throw new Error('wasm-kernels: the wasm backend exposes no WebAssembly.Memory');
  return {
    memory,
    _malloc: (bytes) => module._malloc(bytes),
    _free: (pointer) => module._free(pointer),
  };
}
