/**
 * Swaps the last two axes of a tensor on the WASM backend, [..., R, C] -> [..., C, R]: a real copy.
 *
 * The backend's Transpose kernel walks the output in order and reads the input with a stride of C. That
 * is fine while one R x C slice fits in the L1 cache (0.7-0.9 ns an element for the attention's 4-16 KB
 * slices) and slow once it does not (4 ns an element for a [1024, 256] matrix, where nearly every read
 * misses). Large float32 slices are copied here instead, in square tiles, writing each output row
 * segment in order: 1.5-2 ns an element in V8.
 */
import type { TensorInfo } from '@tensorflow/tfjs';

import { allocF32, type BackendWasm, heapF32, runWasmKernel } from './wasm-backend-access.ts';

/** Slices up to this many elements (64 KB of float32) go to the backend's own Transpose kernel. */
const SMALL_SLICE = 16_384;
const TILE = 32;

export function swapLastAxes(backend: BackendWasm, t: TensorInfo): TensorInfo {
  const rank = t.shape.length;
  const [rows, columns] = t.shape.slice(-2);
  const outShape = [...t.shape.slice(0, -2), columns, rows];
  if (rows * columns <= SMALL_SLICE || t.dtype !== 'float32') {
    const perm = t.shape.map((_, i) => i);
    [perm[rank - 2], perm[rank - 1]] = [rank - 1, rank - 2];
    return runWasmKernel(backend, 'Transpose', { x: t }, { perm });
  }
  const out = allocF32(backend, outShape);
  // Views after the allocation, which may have grown (and so detached) the heap.
  const source = heapF32(backend, t);
  const target = heapF32(backend, out);
  const slice = rows * columns;
  for (let base = 0; base < source.length; base += slice) {
    for (let c0 = 0; c0 < columns; c0 += TILE) {
      const c1 = Math.min(c0 + TILE, columns);
      for (let r0 = 0; r0 < rows; r0 += TILE) {
        const r1 = Math.min(r0 + TILE, rows);
        for (let c = c0; c < c1; c++) {
          let to = base + c * rows + r0;
          let from = base + r0 * columns + c;
          for (let r = r0; r < r1; r++, from += columns) target[to++] = source[from];
        }
      }
    }
  }
  return out;
}
