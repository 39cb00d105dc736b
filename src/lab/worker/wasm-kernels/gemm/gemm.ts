/**
 * Float32 matrix products on tfjs-backend-wasm's heap with the course's own GEMM (gemm-module.ts):
 * out[i] = op(a[i]) · op(b[i]) for every batch slice i, where op transposes when the flag says so, and
 * an operand with one slice serves the whole batch.
 *
 * The module is compiled once per backend memory, with fused multiply-add where the engine validates
 * relaxed SIMD and without it elsewhere; where the engine has no SIMD at all, `gemmFor` returns null and
 * the caller keeps the backend's own kernel.
 */
import type { WasmHeap } from '../wasm-backend-access.ts';
import { gemmModuleBytes, TILE } from './gemm-module.ts';

interface GemmExports {
  packB(
    this: void,
    source: number,
    columns: number,
    depth: number,
    columnStride: number,
    depthStride: number,
    destination: number,
  ): void;
  gemm(
    this: void,
    a: number,
    aRowStride: number,
    aDepthStride: number,
    packedB: number,
    out: number,
    rows: number,
    columns: number,
    depth: number,
    outRowStride: number,
    scratch: number,
  ): void;
}

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

export class Gemm {
  readonly #exports: GemmExports;
  /** Whether the products use fused multiply-add (relaxed SIMD). */
  readonly fused: boolean;

  constructor(exports: GemmExports, fused: boolean) {
    this.#exports = exports;
    this.fused = fused;
  }

  /** Runs the products; `heap` allocates the packed panels (freed before it returns). */
  multiply(heap: Pick<WasmHeap, '_malloc' | '_free'>, p: HeapProduct): void {
    const { packB, gemm } = this.#exports;
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
}

/** The GEMM compiled for `memory` in one variant, or null where the engine rejects that variant. */
export function compileGemm(memory: WebAssembly.Memory, fusedMultiplyAdd: boolean): Gemm | null {
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  // An imported shared memory must declare a maximum no lower than the real one; 65536 pages is wasm32's.
  const bytes = gemmModuleBytes({ fusedMultiplyAdd, sharedMemoryMaximum: shared ? 65536 : null });
  if (!WebAssembly.validate(bytes)) return null;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  return new Gemm(instance.exports as unknown as GemmExports, fusedMultiplyAdd);
}

const compiled = new WeakMap<WebAssembly.Memory, Gemm | null>();

/** The GEMM working in `memory`, fused where the engine allows, compiled on first use; null without SIMD. */
export function gemmFor(memory: WebAssembly.Memory): Gemm | null {
  if (!compiled.has(memory)) compiled.set(memory, compileGemm(memory, true) ?? compileGemm(memory, false));
  return compiled.get(memory) ?? null;
}
