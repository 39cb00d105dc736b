/**
 * The course's GEMM module (src/lab/worker/wasm-kernels/simd/) on its own: its encoding, and its products
 * in both variants (fused multiply-add and not) and both kinds of memory (plain, and shared as in
 * tfjs-backend-wasm's threaded build), against products summed in float64.
 */
import { describe, expect, it } from 'vitest';

import { seededRandom } from '../../labs/api/seeded-random.ts';
import { type HeapProduct, multiplyOnHeap } from '../../src/lab/worker/wasm-kernels/simd/gemm.ts';
import { compileSimdKernels } from '../../src/lab/worker/wasm-kernels/simd/simd-module.ts';
import { signed, unsigned } from '../../src/lab/worker/wasm-kernels/simd/wasm-encoding.ts';

describe('LEB128', () => {
  it('encodes the numbers the module uses as the specification does', () => {
    expect(unsigned(0)).toEqual([0]);
    expect(unsigned(127)).toEqual([0x7f]);
    expect(unsigned(128)).toEqual([0x80, 0x01]);
    expect(unsigned(0x105)).toEqual([0x85, 0x02]);
    expect(unsigned(65536)).toEqual([0x80, 0x80, 0x04]);
    expect(signed(0)).toEqual([0]);
    expect(signed(63)).toEqual([0x3f]);
    expect(signed(64)).toEqual([0xc0, 0x00]);
    expect(signed(-1)).toEqual([0x7f]);
    expect(signed(-65)).toEqual([0xbf, 0x7f]);
    expect(signed(4096)).toEqual([0x80, 0x20]);
  });
});

/** A memory with a bump allocator in place of the backend's, the operands at 16-byte-unaligned offsets. */
function heapOf(memory: WebAssembly.Memory) {
  let top = 4;
  return {
    _malloc(bytes: number) {
      const pointer = top;
      top += bytes + 4;
      return pointer;
    },
    _free() {},
    put(values: Float32Array) {
      const pointer = this._malloc(values.byteLength);
      new Float32Array(memory.buffer, pointer, values.length).set(values);
      return pointer;
    },
  };
}

/** op(a[i]) · op(b[i]) summed in float64. */
function reference(a: Float32Array, b: Float32Array, p: Omit<HeapProduct, 'a' | 'b' | 'out'>): Float64Array {
  const { rows: m, depth: k, columns: n } = p;
  const out = new Float64Array(p.batch * m * n);
  for (let s = 0; s < p.batch; s++) {
    const sa = p.batchA > 1 ? s * m * k : 0;
    const sb = p.batchB > 1 ? s * k * n : 0;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let d = 0; d < k; d++)
          sum += a[sa + (p.transposeA ? d * m + i : i * k + d)] * b[sb + (p.transposeB ? j * k + d : d * n + j)];
        out[(s * m + i) * n + j] = sum;
      }
  }
  return out;
}

describe.each([
  ['fused multiply-add', true],
  ['multiply then add', false],
])('the GEMM, %s', (_, fusedMultiplyAdd) => {
  it.each([
    ['a plain memory', () => new WebAssembly.Memory({ initial: 64 })],
    ['a shared memory', () => new WebAssembly.Memory({ initial: 64, maximum: 1024, shared: true })],
  ])('compiles for %s and matches float64 sums on random sizes, flags and batches', (__, makeMemory) => {
    const memory = makeMemory();
    const kernels = compileSimdKernels(memory, fusedMultiplyAdd);
    expect(kernels, 'Node 24 validates both variants').not.toBeNull();
    const random = seededRandom(31);
    const size = (most: number) => 1 + Math.floor(random() * most);
    for (let trial = 0; trial < 40; trial++) {
      const heap = heapOf(memory);
      const [rows, depth, columns, batch] = [size(21), size(19), size(27), size(3)];
      const [transposeA, transposeB] = [random() < 0.5, random() < 0.5];
      const [batchA, batchB] = [random() < 0.25 ? 1 : batch, random() < 0.25 ? 1 : batch];
      const values = (count: number) => Float32Array.from({ length: count }, () => random() * 2 - 1);
      const a = values(batchA * rows * depth);
      const b = values(batchB * depth * columns);
      const shape = { rows, depth, columns, batch, batchA, batchB, transposeA, transposeB };
      const product: HeapProduct = { ...shape, a: heap.put(a), b: heap.put(b), out: heap._malloc(4 * batch * rows * columns) };
      multiplyOnHeap(kernels!.exports, heap, product);
      const got = new Float32Array(memory.buffer, product.out, batch * rows * columns);
      const want = reference(a, b, shape);
      const worst = Math.max(...got.map((value, i) => Math.abs(value - want[i])));
      expect(worst, JSON.stringify(shape)).toBeLessThan(1e-5);
    }
  });
});
