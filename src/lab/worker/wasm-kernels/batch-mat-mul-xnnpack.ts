/**
 * BatchMatMul's products on XNNPACK, for a WASM backend that runs several threads: the route the course's
 * kernel (batch-mat-mul.ts) takes when tfjs-backend-wasm's thread pool has more than one thread, because the
 * course's own GEMM runs on one, and XNNPACK's products use them all.
 *
 * The backend runs only the plain single product a[1,M,K] x b[1,K,N] on XNNPACK; a transpose flag or a batch
 * sends it to a scalar triple loop (1-2 GFLOP/s). So every product is rearranged into plain ones:
 * - a flagged operand is transposed physically first (`swapLastAxes`, one copy for the whole batch);
 * - the product can also be computed transposed, C^T = B^T A^T, when that makes less to copy and pack
 *   (below), and the result transposed back;
 * - a right operand shared by the whole batch (batch 1, broadcast) turns the batch into rows: one call
 *   of [1, batch·M, K] x [1, K, N];
 * - otherwise the compiled product runs once per batch slice, on windows into the operands' memory
 *   (`HeapWindow`: a tensor id for a slice, no copy), the way the original kernel calls it.
 *
 * XNNPACK copies its right operand ("weights") into a packed layout on every call, since a training
 * step's operands are new tensors: ~5 ns an element against ~0.08 ns a multiply-add. Packing a 1024-row
 * operand for a 64-row product costs as much as the product, so the arrangement that packs the smaller
 * operand wins, once the transposes it needs are counted (`arrangements`). Small products whose packing
 * would cost more than the scalar loop (a single query row in generation, tiny heads) stay with the
 * original kernel. Results match the original kernel to float32 rounding (XNNPACK adds in another order).
 */
import type { BatchMatMulAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs';

import { HeapWindow } from './heap-window.ts';
import { describeProduct, type Product } from './product-shape.ts';
import { swapLastAxes } from './swap-last-axes.ts';
import { type BackendWasm, release } from './wasm-backend-access.ts';

type Args = {
  inputs: { a: TensorInfo; b: TensorInfo };
  backend: BackendWasm;
  attrs: BatchMatMulAttrs;
};

/**
 * The compiled function behind the original kernel: tensor ids, pointers to int32 shapes in the heap,
 * and the transpose flags. With both flags 0 and shapes [1,M,K] x [1,K,N] it runs XNNPACK.
 */
type CompiledBatchMatMul = (
  aId: number,
  aShapePointer: number,
  aRank: number,
  bId: number,
  bShapePointer: number,
  bRank: number,
  transposeA: number,
  transposeB: number,
  outId: number,
) => void;

/** The parts of the backend's Emscripten module we call (typed here: its own types leave them out). */
interface WasmModule {
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  HEAP32: Int32Array;
  _BatchMatMul?: CompiledBatchMatMul;
}

function wasmModule(backend: BackendWasm): WasmModule {
  return backend.wasm as unknown as WasmModule;
}

/**
 * Rough costs on one core in nanoseconds, measured with tfjs-backend-wasm 4.22 in Node 24 (only their
 * ratios matter: they pick an arrangement, they predict no timing).
 */
const COST = {
  /** XNNPACK packing its right operand, per element. */
  packPerElement: 5,
  /** `swapLastAxes`, per element. */
  transposePerElement: 1.5,
  /** Each XNNPACK call, with its operator's setup and the windows' bookkeeping. */
  perCall: 1000,
  /** XNNPACK's GEMM, per multiply-add (the same in every arrangement). */
  xnnpackPerMac: 0.08,
  /** The original kernel's scalar loop, per multiply-add. */
  scalarPerMac: 1,
};

/**
 * One way to run a product as plain products out = left x right: left = op(a), right = op(b), or
 * (swapped) left = op(b)^T, right = op(a)^T, which gives the output transposed. `transposeLeft/Right`
 * say which stored operand needs a physical transpose first.
 */
interface Arrangement {
  swapped: boolean;
  transposeLeft: boolean;
  transposeRight: boolean;
  /** Nanoseconds of transposing, packing and calls (the GEMM itself costs the same either way). */
  overhead: number;
}

function arrangements(p: Product, transposeA: boolean, transposeB: boolean): Arrangement[] {
  const sizeA = p.batchA * p.rows * p.depth;
  const sizeB = p.batchB * p.depth * p.columns;
  const sizeOut = p.batch * p.rows * p.columns;
  const overhead = (transposed: number, packed: number, batchRight: number) =>
    COST.transposePerElement * transposed + COST.packPerElement * packed + COST.perCall * (batchRight === 1 ? 1 : p.batch);
  return [
    {
      swapped: false,
      transposeLeft: transposeA,
      transposeRight: transposeB,
      overhead: overhead((transposeA ? sizeA : 0) + (transposeB ? sizeB : 0), sizeB, p.batchB),
    },
    {
      swapped: true,
      transposeLeft: !transposeB,
      transposeRight: !transposeA,
      overhead: overhead((transposeB ? 0 : sizeB) + (transposeA ? 0 : sizeA) + sizeOut, sizeA, p.batchA),
    },
  ];
}

/**
 * How the kernel picks: 'cost' (the default) takes the cheapest way by `COST`, the original kernel
 * included; the others are for tests and measurements: 'xnnpack' never leaves a product we can rearrange
 * to the scalar loop, 'direct' and 'swapped' force that arrangement.
 */
export type BatchMatMulStrategy = 'cost' | 'xnnpack' | 'direct' | 'swapped';
let strategy: BatchMatMulStrategy = 'cost';
export function setBatchMatMulStrategy(value: BatchMatMulStrategy): void {
  strategy = value;
}

/** What the kernel does with a product: the original kernel as it is, or an arrangement. */
export type BatchMatMulPlan = { kind: 'original' } | ({ kind: 'rearranged'; product: Product; calls: number } & Arrangement);

/** The plan for a product of operands of these shapes and types. */
export function planBatchMatMul(
  a: Pick<TensorInfo, 'shape' | 'dtype'>,
  b: Pick<TensorInfo, 'shape' | 'dtype'>,
  transposeA: boolean,
  transposeB: boolean,
): BatchMatMulPlan {
  const product = describeProduct(a, b, transposeA, transposeB);
  if (product == null) return { kind: 'original' };
  const batchRight = (option: Arrangement) => (option.swapped ? product.batchA : product.batchB);
  const options = arrangements(product, transposeA, transposeB).filter(
    (option) => (strategy !== 'direct' || !option.swapped) && (strategy !== 'swapped' || option.swapped),
  );
  const best = options.reduce((x, y) => (y.overhead < x.overhead ? y : x));
  const macs = product.batch * product.rows * product.depth * product.columns;
  const plainSingle = !best.swapped && !best.transposeLeft && !best.transposeRight && product.batch === 1;
  const scalarIsCheaper = strategy === 'cost' && best.overhead + COST.xnnpackPerMac * macs > COST.scalarPerMac * macs;
  if (plainSingle || scalarIsCheaper) return { kind: 'original' };
  return { kind: 'rearranged', product, calls: batchRight(best) === 1 ? 1 : product.batch, ...best };
}

/**
 * Plain products out[i] = left[i] x right[i] as XNNPACK runs them. A `right` shared by the whole batch
 * turns the batch into rows (batch 1, batchLeft·rows rows): one call.
 */
interface PlainProducts {
  batch: number;
  batchLeft: number;
  rows: number;
  inner: number;
  columns: number;
}

/**
 * One compiled call per batch slice, on windows into left, right and the output. The right operand is
 * always a window, never the caller's tensor: the compiled product caches its packed copy under the
 * right operand's id, and a tensor's id can name other shapes through reshapes that share its data.
 */
function plainProducts(
  compiled: CompiledBatchMatMul,
  backend: BackendWasm,
  left: TensorInfo,
  right: TensorInfo,
  p: PlainProducts,
): TensorInfo {
  const { batch, batchLeft, rows, inner, columns } = p;
  const out = backend.makeOutput([batch, rows, columns], 'float32');
  const bytes = Float32Array.BYTES_PER_ELEMENT;
  const [leftBase, rightBase, outBase] = [left, right, out].map((t) => backend.getMemoryOffset(t.dataId));
  const wasm = wasmModule(backend);
  const shapes = wasm._malloc(6 * Int32Array.BYTES_PER_ELEMENT) >>> 0;
  wasm.HEAP32.set([1, rows, inner, 1, inner, columns], shapes / Int32Array.BYTES_PER_ELEMENT); // after the malloc: it may grow the heap
  const leftWindow = new HeapWindow(backend, leftBase, rows * inner);
  const rightWindow = new HeapWindow(backend, rightBase, inner * columns);
  const outWindow = new HeapWindow(backend, outBase, rows * columns);
  try {
    for (let i = 0; i < batch; i++) {
      if (i > 0) {
        if (batchLeft > 1) leftWindow.moveTo(leftBase + i * rows * inner * bytes);
        rightWindow.moveTo(rightBase + i * inner * columns * bytes);
        outWindow.moveTo(outBase + i * rows * columns * bytes);
      }
      compiled(leftWindow.id, shapes, 3, rightWindow.id, shapes + 3 * Int32Array.BYTES_PER_ELEMENT, 3, 0, 0, outWindow.id);
    }
  } finally {
    leftWindow.close();
    rightWindow.close();
    outWindow.close();
    wasm._free(shapes);
  }
  return out;
}

/** The product on XNNPACK, rearranged as `planBatchMatMul` says; `original` is the backend's own kernel. */
export function multiplyOnXnnpack(args: Args, original: KernelFunc): TensorInfo {
  const { backend, attrs } = args;
  const { a, b } = args.inputs;
  const { transposeA, transposeB } = attrs;
  const compiled = wasmModule(backend)._BatchMatMul;
  const plan = planBatchMatMul(a, b, transposeA, transposeB);
  if (plan.kind === 'original' || compiled == null) return original(args as never) as TensorInfo;
  const { product, swapped, transposeLeft, transposeRight } = plan;
  const { rows: m, depth: k, columns: n, batch, batchA, batchB } = product;
  const [rows, columns, batchLeft, batchRight] = swapped ? [n, m, batchB, batchA] : [m, n, batchA, batchB];
  const plain: PlainProducts =
    batchRight === 1
      ? { batch: 1, batchLeft: 1, rows: batchLeft * rows, inner: k, columns }
      : { batch, batchLeft, rows, inner: k, columns };
  const [storedLeft, storedRight] = swapped ? [b, a] : [a, b];
  const left = transposeLeft ? swapLastAxes(backend, storedLeft) : storedLeft;
  const right = transposeRight ? swapLastAxes(backend, storedRight) : storedRight;
  let out: TensorInfo;
  try {
    out = plainProducts(compiled, backend, left, right, plain);
  } finally {
    if (left !== storedLeft) release(backend, left);
    if (right !== storedRight) release(backend, right);
  }
  if (swapped) {
    const transposed = out;
    out = swapLastAxes(backend, { dataId: transposed.dataId, shape: [batch, n, m], dtype: 'float32' });
    release(backend, transposed);
  }
  out.shape = product.outShape;
  return out;
}
