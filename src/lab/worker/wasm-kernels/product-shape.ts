/**
 * The shape of a float32 matrix product as the WASM backend's BatchMatMul replacements take it: its sizes
 * after the transpose flags, and its batch, where both operands have the same batch or one of them a single
 * matrix for all.
 */
import { broadcast_util, type TensorInfo, util } from '@tensorflow/tfjs';

/** A float32 product the course's kernels run: sizes after the flags, batch sizes, and the output's shape. */
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
