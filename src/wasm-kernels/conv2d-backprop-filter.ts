/**
 * Conv2DBackpropFilter for the WASM backend: the gradient of a 2-D
 * convolution with respect to its filter, i.e. what training a conv layer
 * needs ("how should each filter weight change to reduce the loss?").
 *
 * tfjs-backend-wasm 4.22 ships no such kernel (tfjs issue #8474), so any conv
 * net stops training with "Kernel 'Conv2DBackpropFilter' not registered".
 *
 * The maths: dW[kh, kw, ci, co] = sum over images b and output pixels (oh, ow)
 *   of x[b, oh*s + kh - pad, ow*s + kw - pad, ci] * dy[b, oh, ow, co].
 * Written with im2col that is ONE matrix product,
 *   dW[K, outC] = patchesT[K, P] x dy[P, outC],   K = fh*fw*inC, P = B*Ho*Wo,
 * and dy (NHWC) already *is* the [P, outC] matrix, so only the input patches
 * have to be gathered. The GEMM runs in the backend's XNNPACK kernel (SIMD).
 *
 * Large batches are processed in slices of images so the patch matrix stays
 * small (bounded memory), and slice results are summed in float64, which also
 * keeps the long reductions (P can be 50 000+) accurate.
 */
import {
  backend_util, Conv2DBackpropFilter, type Conv2DBackpropFilterAttrs,
  type KernelConfig, type KernelFunc, type TensorInfo,
} from '@tensorflow/tfjs';

import {type ConvGeometry, geometryOf} from './conv-geometry.ts';
import {im2colTransposed} from './im2col.ts';
import {
  allocF32, type BackendWasm, heapF32, matMulF32, release, runWasmKernel, withShape,
} from './wasm-backend-access.ts';

/** Upper bound on patch-matrix floats per slice (4 M floats = 16 MB). */
const MAX_PATCH_FLOATS = 1 << 22;

export function conv2DBackpropFilterWasm(args: {
  inputs: {x: TensorInfo, dy: TensorInfo},
  backend: BackendWasm,
  attrs: Conv2DBackpropFilterAttrs,
}): TensorInfo {
  const {backend, attrs} = args;
  let {x, dy} = args.inputs;
  const {strides, pad, dataFormat, dimRoundingMode, filterShape} = attrs;
  const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filterShape, strides,
      1 /* dilations: tfjs has no dilated conv2d gradients */, pad,
      dimRoundingMode, false, backend_util.convertConv2DDataFormat(dataFormat));

  // The im2col loops assume NHWC; NCHW callers pay for two cheap transposes.
  const channelsFirst = info.dataFormat === 'channelsFirst';
  if (channelsFirst) {
    x = runWasmKernel(backend, 'Transpose', {x}, {perm: [0, 2, 3, 1]});
    dy = runWasmKernel(backend, 'Transpose', {x: dy}, {perm: [0, 2, 3, 1]});
  }

  const g = geometryOf(info);
  const K = g.filterHeight * g.filterWidth * g.inChannels;
  const pixelsPerImage = g.outHeight * g.outWidth;
  const outC = g.outChannels;
  const imagesPerSlice = Math.max(
      1, Math.min(g.batch, Math.floor(MAX_PATCH_FLOATS / (K * pixelsPerImage))));

  let result: TensorInfo;
  if (imagesPerSlice >= g.batch) {
    // Common case (the course CNN at batch 64): one gather, one GEMM.
    result = filterGradSlice(backend, x, g, 0, g.batch, K, outC, dy);
  } else {
    const sum = new Float64Array(K * outC);
    for (let b0 = 0; b0 < g.batch; b0 += imagesPerSlice) {
      const b1 = Math.min(g.batch, b0 + imagesPerSlice);
      // dy rows of these images are contiguous in NHWC: copy them into a
      // tensor of their own so the GEMM can use them as its right operand.
      const dySlice = allocF32(backend, [(b1 - b0) * pixelsPerImage, outC]);
      heapF32(backend, dySlice).set(heapF32(backend, dy).subarray(
          b0 * pixelsPerImage * outC, b1 * pixelsPerImage * outC));
      const part = filterGradSlice(backend, x, g, b0, b1, K, outC, dySlice);
      release(backend, dySlice);
      const partValues = heapF32(backend, part);
      for (let i = 0; i < sum.length; ++i) sum[i] += partValues[i];
      release(backend, part);
    }
    result = allocF32(backend, filterShape);
    heapF32(backend, result).set(sum);
  }

  if (channelsFirst) {
    release(backend, x);
    release(backend, dy);
  }
  return withShape(result, filterShape);
}

/** dW contribution of images [b0, b1): patchesT[K, P] x dyRows[P, outC]. */
function filterGradSlice(
    backend: BackendWasm, x: TensorInfo, g: ConvGeometry, b0: number, b1: number, K: number,
    outC: number, dyRows: TensorInfo): TensorInfo {
  const P = (b1 - b0) * g.outHeight * g.outWidth;
  const patchesT = allocF32(backend, [K, P]);
  // Views are taken after the allocation (allocations may move the heap).
  im2colTransposed(heapF32(backend, x), g, b0, b1, heapF32(backend, patchesT));
  const dW = matMulF32(backend, patchesT, dyRows, K, P, outC);
  release(backend, patchesT);
  return dW;
}

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilterWasm as unknown as KernelFunc,
};
