/**
 * SplitV and Concat on the WASM backend as strided copies, on the course's `copyRows` (simd/rows-code.ts).
 *
 * Attention splits one [batch·T, 3·width] product into queries, keys and values, and its backward pass
 * joins their gradients back. The backend splits through its general slice kernel and joins with a
 * JavaScript call per row: about 1 ms each in the transformer's step, for copies that take a tenth of that.
 * Both are the same move: a run of bytes per row (everything after the axis) between two layouts. Types
 * other than float32 and int32, and engines without SIMD, keep the backend's kernels.
 */
import {
  backend_util,
  Concat,
  type ConcatAttrs,
  type KernelConfig,
  type KernelFunc,
  SplitV,
  type SplitVAttrs,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs';

import { simdKernelsFor } from './simd/simd-module.ts';
import { type BackendWasm, wasmHeap } from './wasm-backend-access.ts';

const BYTES = 4; // float32 and int32

let originalSplitV: KernelFunc | null = null;
export function setOriginalSplitV(kernel: KernelFunc): void {
  originalSplitV = kernel;
}
let originalConcat: KernelFunc | null = null;
export function setOriginalConcat(kernel: KernelFunc): void {
  originalConcat = kernel;
}

const copyable = (t: TensorInfo) => t.dtype === 'float32' || t.dtype === 'int32';

function splitVWasm(args: { inputs: { x: TensorInfo }; backend: BackendWasm; attrs: SplitVAttrs }): TensorInfo[] {
  if (originalSplitV == null) throw new Error('SplitV: no original kernel');
  const { backend, attrs } = args;
  const { x } = args.inputs;
  const kernels = simdKernelsFor(wasmHeap(backend).memory);
  if (!copyable(x) || kernels == null) return originalSplitV(args as never) as TensorInfo[];
  const axis = util.parseAxisParam(attrs.axis, x.shape)[0];
  const sizes = backend_util.prepareSplitSize(x, attrs.numOrSizeSplits, axis);
  const rows = util.sizeFromShape(x.shape.slice(0, axis));
  const inner = util.sizeFromShape(x.shape.slice(axis + 1));
  const sourceRow = x.shape[axis] * inner * BYTES;
  let begin = 0;
  return sizes.map((size) => {
    const out = backend.makeOutput(
      x.shape.map((s, i) => (i === axis ? size : s)),
      x.dtype,
    );
    const rowBytes = size * inner * BYTES;
    if (rows * rowBytes > 0) {
      const source = backend.getMemoryOffset(x.dataId) + begin * inner * BYTES;
      kernels.exports.copyRows(source, sourceRow, backend.getMemoryOffset(out.dataId), rowBytes, rows, rowBytes);
    }
    begin += size;
    return out;
  });
}

function concatWasm(args: { inputs: TensorInfo[]; backend: BackendWasm; attrs: ConcatAttrs }): TensorInfo {
  if (originalConcat == null) throw new Error('Concat: no original kernel');
  const { backend, attrs, inputs } = args;
  const kernels = simdKernelsFor(wasmHeap(backend).memory);
  const parts = inputs.filter((t) => util.sizeFromShape(t.shape) > 0);
  const sameType = inputs.every((t) => t.dtype === inputs[0].dtype && copyable(t));
  if (!sameType || parts.length < 2 || kernels == null) return originalConcat(args as never) as TensorInfo;
  const axis = util.parseAxisParam(attrs.axis, inputs[0].shape)[0];
  const shapes = inputs.map((t) => t.shape);
  backend_util.assertParamsConsistent(shapes, axis);
  const outShape = backend_util.computeOutShape(shapes, axis);
  const out = backend.makeOutput(outShape, inputs[0].dtype);
  const rows = util.sizeFromShape(outShape.slice(0, axis));
  const outRow = util.sizeFromShape(outShape.slice(axis)) * BYTES;
  let column = 0;
  for (const part of parts) {
    const rowBytes = util.sizeFromShape(part.shape.slice(axis)) * BYTES;
    const destination = backend.getMemoryOffset(out.dataId) + column;
    kernels.exports.copyRows(backend.getMemoryOffset(part.dataId), rowBytes, destination, outRow, rows, rowBytes);
    column += rowBytes;
  }
  return out;
}

export const splitVConfig: KernelConfig = {
  kernelName: SplitV,
  backendName: 'wasm',
  kernelFunc: splitVWasm as unknown as KernelFunc,
};

export const concatConfig: KernelConfig = {
  kernelName: Concat,
  backendName: 'wasm',
  kernelFunc: concatWasm as unknown as KernelFunc,
};
