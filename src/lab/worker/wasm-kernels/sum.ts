/**
 * Sum on the WASM backend over leading axes (axis 0 of a [rows, columns] gradient, say) in one pass, on the
 * course's `sumRows` (simd/rows-code.ts).
 *
 * The backend sums only along the last axes, so for leading ones it first transposes the whole tensor: in the
 * transformer's training step, every bias, norm and position gradient is such a sum, and the transposes cost
 * about 7 ms a step (docs/benchmarks.md). Other axes, other types, and engines without SIMD keep the
 * backend's kernel.
 */
import { type KernelConfig, type KernelFunc, Sum, type SumAttrs, type TensorInfo, util } from '@tensorflow/tfjs';

import { simdKernelsFor } from './simd/simd-module.ts';
import { type BackendWasm, wasmHeap } from './wasm-backend-access.ts';

type Args = { inputs: { x: TensorInfo }; backend: BackendWasm; attrs: SumAttrs };

let originalKernel: KernelFunc | null = null;
export function setOriginalSum(kernel: KernelFunc): void {
  originalKernel = kernel;
}

/** How many leading axes `axis` names (0, 1, …, n−1, in any order), or 0 if it names anything else. */
export function leadingAxes(axis: number | number[], shape: readonly number[]): number {
  const axes = util.parseAxisParam(axis, [...shape]).sort((a, b) => a - b);
  return axes.every((a, i) => a === i) ? axes.length : 0;
}

function sumWasm(args: Args): TensorInfo {
  if (originalKernel == null) throw new Error('Sum: no original kernel');
  const { backend, attrs } = args;
  const { x } = args.inputs;
  const leading = leadingAxes(attrs.axis, x.shape);
  const ours = x.dtype === 'float32' && leading > 0 && leading < x.shape.length && util.sizeFromShape(x.shape) > 0;
  const kernels = ours ? simdKernelsFor(wasmHeap(backend).memory) : null;
  if (kernels == null) return originalKernel(args as never) as TensorInfo;
  const rows = util.sizeFromShape(x.shape.slice(0, leading));
  const columns = util.sizeFromShape(x.shape.slice(leading));
  const outShape = attrs.keepDims ? x.shape.map((size, i) => (i < leading ? 1 : size)) : x.shape.slice(leading);
  const out = backend.makeOutput(outShape, 'float32');
  kernels.exports.sumRows(backend.getMemoryOffset(x.dataId), rows, columns, backend.getMemoryOffset(out.dataId));
  return out;
}

export const sumConfig: KernelConfig = {
  kernelName: Sum,
  backendName: 'wasm',
  kernelFunc: sumWasm as unknown as KernelFunc,
};
