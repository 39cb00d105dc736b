/**
 * Float32 matrix products on tfjs-backend-wasm's heap with the course's GEMM (gemm-code.ts):
 * out[i] = op(a[i]) · op(b[i]) for every batch slice i, where op transposes when the flag says so, and
 * an operand with one slice serves the whole batch.
 */
import type { WasmHeap } from '../wasm-backend-access.ts';
import { TILE } from './gemm-code.ts';
import type { SimdExports } from './simd-module.ts';

/** One batch of products, each operand given by its byte offset in the heap and its stored layout. */
export interface HeapProduct {
  a: number;
  b: number;
  out: number;
  /** Sizes after the flags: op(a) is rows × depth, op(b) depth × columns. */
  rows: number;
  depth: number;
  columns: number;
  transposeA: boolean;
  transposeB: boolean;
  batch: number;
  /** 1 when one matrix serves every slice, else `batch`. */
  batchA: number;
  batchB: number;
}

const FLOAT = Float32Array.BYTES_PER_ELEMENT;

/** Runs the products; `heap` allocates B's packed panels, freed before it returns. */
export function multiplyOnHeap(kernels: SimdExports, heap: Pick<WasmHeap, '_malloc' | '_free'>, p: HeapProduct): void {
  const { packB, gemm } = kernels;
  const panelsB = Math.ceil(p.columns / TILE.columns) * TILE.columns * p.depth * FLOAT;
  const packedB = heap._malloc(panelsB + TILE.rows * TILE.columns * FLOAT) >>> 0;
  const scratch = packedB + panelsB;
  // Where element (row, k) of op(a) and (k, column) of op(b) sit, in bytes from the slice's start.
  const [aRowStride, aDepthStride] = p.transposeA ? [FLOAT, p.rows * FLOAT] : [p.depth * FLOAT, FLOAT];
  const [bColumnStride, bDepthStride] = p.transposeB ? [p.depth * FLOAT, FLOAT] : [FLOAT, p.columns * FLOAT];
  const sliceA = p.rows * p.depth * FLOAT;
  const sliceB = p.depth * p.columns * FLOAT;
  const sliceOut = p.rows * p.columns * FLOAT;
  try {
    for (let i = 0; i < p.batch; i++) {
      if (i === 0 || p.batchB > 1)
        packB(p.b + (p.batchB > 1 ? i * sliceB : 0), p.columns, p.depth, bColumnStride, bDepthStride, packedB);
      const a = p.a + (p.batchA > 1 ? i * sliceA : 0);
      gemm(a, aRowStride, aDepthStride, packedB, p.out + i * sliceOut, p.rows, p.columns, p.depth, p.columns * FLOAT, scratch);
    }
  } finally {
    heap._free(packedB);
  }
}
