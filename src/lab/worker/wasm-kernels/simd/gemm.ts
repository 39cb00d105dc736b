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

/**
 * Runs the products; `heap` allocates the packed panels, freed before it returns. B is always packed; A only
 * when transposed, where its rows' values for one step lie side by side but the steps a whole row of the
 * stored matrix apart: packed, the inner loop reads it in order, as it reads an untransposed A's rows.
 */
export function multiplyOnHeap(kernels: SimdExports, heap: Pick<WasmHeap, '_malloc' | '_free'>, p: HeapProduct): void {
  const { packA, packB, gemm } = kernels;
  const panelsA = p.transposeA ? Math.ceil(p.rows / TILE.rows) * TILE.rows * p.depth * FLOAT : 0;
  const panelsB = Math.ceil(p.columns / TILE.columns) * TILE.columns * p.depth * FLOAT;
  const packedA = heap._malloc(panelsA + panelsB + TILE.rows * TILE.columns * FLOAT) >>> 0;
  const packedB = packedA + panelsA;
  const scratch = packedB + panelsB;
  // Where element (k, column) of op(b) sits, in bytes from the slice's start; then where A's rows and steps
  // are for the GEMM, and how far apart its panels of TILE.rows rows start.
  const [bColumnStride, bDepthStride] = p.transposeB ? [p.depth * FLOAT, FLOAT] : [FLOAT, p.columns * FLOAT];
  const [aRowStride, aDepthStride, aPanelStride] = p.transposeA
    ? [FLOAT, TILE.rows * FLOAT, TILE.rows * p.depth * FLOAT]
    : [p.depth * FLOAT, FLOAT, TILE.rows * p.depth * FLOAT];
  const sliceA = p.rows * p.depth * FLOAT;
  const sliceB = p.depth * p.columns * FLOAT;
  const sliceOut = p.rows * p.columns * FLOAT;
  try {
    for (let i = 0; i < p.batch; i++) {
      const first = i === 0;
      if (first || p.batchB > 1)
        packB(p.b + (p.batchB > 1 ? i * sliceB : 0), p.columns, p.depth, bColumnStride, bDepthStride, packedB);
      let a = p.a + (p.batchA > 1 ? i * sliceA : 0);
      if (p.transposeA) {
        if (first || p.batchA > 1) packA(a, p.rows, p.depth, FLOAT, p.rows * FLOAT, packedA);
        a = packedA;
      }
      gemm(
        a,
        aRowStride,
        aDepthStride,
        aPanelStride,
        packedB,
        p.out + i * sliceOut,
        p.rows,
        p.columns,
        p.depth,
        p.columns * FLOAT,
        scratch,
      );
    }
  } finally {
    heap._free(packedA);
  }
}
