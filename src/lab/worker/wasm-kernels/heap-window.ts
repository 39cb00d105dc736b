/**
 * A tensor id that names a slice of another tensor's WASM memory, without a copy.
 *
 * The backend's compiled kernels take tensor *ids*, and find each tensor's bytes through the backend's
 * registry (`register_tensor(id, size, offset)`). A window registers one id for a range of bytes inside a
 * bigger tensor, so a compiled kernel can run on one slice of a batch; `moveTo` points the same id at the
 * next slice. `makeOutput(shape, dtype, memoryOffset)` is the backend's public way to register memory it
 * does not own; a window is released by `close`, never by `disposeData`, which would free the offset (the
 * middle of someone else's allocation).
 *
 * Unregistering an id also runs the callbacks the compiled kernels hung on it: the BatchMatMul kernel
 * caches XNNPACK's packed copy of its right operand under that operand's id, and `moveTo` drops that copy
 * before the id names other bytes, so a stale copy is never reused.
 */
import type { TensorInfo } from '@tensorflow/tfjs';

import type { BackendWasm } from './wasm-backend-access.ts';

export class HeapWindow {
  readonly #backend: BackendWasm;
  readonly #info: TensorInfo;
  readonly #size: number;
  /** The id the backend's compiled kernels know this window by. */
  readonly id: number;

  /** A window of `size` float32 values starting `byteOffset` bytes into the WASM heap. */
  constructor(backend: BackendWasm, byteOffset: number, size: number) {
    this.#backend = backend;
    this.#size = size;
    this.#info = backend.makeOutput([size], 'float32', byteOffset);
    this.id = backend.dataIdMap.get(this.#info.dataId).id;
  }

  /** Points the window at `byteOffset` (same size), dropping whatever was cached for the old bytes. */
  moveTo(byteOffset: number): void {
    const { tfjs } = this.#backend.wasm;
    tfjs.disposeData(this.id);
    tfjs.registerTensor(this.id, this.#size, byteOffset);
  }

  /** Unregisters the id; the memory stays with the tensor that owns it. */
  close(): void {
    this.#backend.wasm.tfjs.disposeData(this.id);
    this.#backend.dataIdMap.delete(this.#info.dataId);
  }
}
