/**
 * A faster Conv2DBackpropInput for the WASM backend: the gradient of a 2-D
 * convolution with respect to its *input*, which backpropagation passes on to
 * the previous layer.
 *
 * tfjs-backend-wasm 4.22 has this kernel, but as a plain scalar C++ loop; in
 * the course CNN it was the second most expensive kernel of a training step
 * (~35 ms per batch of 64 for the 6->16 channel layer). We replace it by the
 * textbook identity
 *   dx = conv2d(dy with stride-1 zeros inserted between pixels,
 *               filter rotated by 180 degrees with in/out channels swapped,
 *               "full" padding fh-1-padTop, fw-1-padLeft),
 * which runs on the backend's XNNPACK convolution (SIMD) instead:
 * every input pixel collects dy from each output pixel whose window covered
 * it, weighted by the filter tap that connected them.
 *
 * Unusual configurations (channels-first data, padding larger than the
 * filter) are handed to the original kernel.
 */
import {
  backend_util,
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs';

import { type BackendWasm, heapF32, allocF32, release, runWasmKernel } from './wasm-backend-access.ts';

interface Inputs {
  dy: TensorInfo;
  filter: TensorInfo;
}
type Args = { inputs: Inputs; backend: BackendWasm; attrs: Conv2DBackpropInputAttrs };

/** The backend's own kernel, used for cases we don't specialise. */
let originalKernel: KernelFunc | null = null;
export function setOriginalConv2DBackpropInput(kernel: KernelFunc): void {
  originalKernel = kernel;
}

function conv2DBackpropInputWasm(args: Args): TensorInfo {
  const { backend, attrs } = args;
  const { dy, filter } = args.inputs;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs;
  const info = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(dataFormat),
  );
  const {
    batchSize: B,
    inHeight: H,
    inWidth: W,
    outHeight: Ho,
    outWidth: Wo,
    filterHeight: fh,
    filterWidth: fw,
    strideHeight: sh,
    strideWidth: sw,
    inChannels: inC,
    outChannels: outC,
  } = info;

  // dy with (stride - 1) zeros between neighbouring pixels has this size:
  const upH = (Ho - 1) * sh + 1;
  const upW = (Wo - 1) * sw + 1;
  // "Full" padding of the transposed convolution, sized so that the result
  // has exactly the forward input's H x W pixels.
  const padTop = fh - 1 - info.padInfo.top;
  const padLeft = fw - 1 - info.padInfo.left;
  const padBottom = H - upH + info.padInfo.top;
  const padRight = W - upW + info.padInfo.left;
  if (info.dataFormat !== 'channelsLast' || Math.min(padTop, padLeft, padBottom, padRight) < 0) {
    if (originalKernel == null) throw new Error('Conv2DBackpropInput: no fallback');
    return originalKernel(args as never) as TensorInfo;
  }

  // Rotated filter: wRot[i, j, co, ci] = w[fh-1-i, fw-1-j, ci, co]. Small
  // (fh*fw*inC*outC numbers), so a JS loop over heap views is fine.
  const wRot = allocF32(backend, [fh, fw, outC, inC]);
  let up = dy;
  if (sh > 1 || sw > 1) up = allocF32(backend, [B, upH, upW, outC]);
  {
    const w = heapF32(backend, filter); // views after the allocations
    const r = heapF32(backend, wRot);
    let o = 0;
    for (let i = 0; i < fh; ++i) {
      for (let j = 0; j < fw; ++j) {
        const tap = ((fh - 1 - i) * fw + (fw - 1 - j)) * inC * outC;
        for (let co = 0; co < outC; ++co) {
          for (let ci = 0; ci < inC; ++ci) r[o++] = w[tap + ci * outC + co];
        }
      }
    }
    if (up !== dy) {
      // Strided forward pass: spread dy out, zeros in between.
      const src = heapF32(backend, dy);
      const dst = heapF32(backend, up);
      dst.fill(0);
      for (let b = 0; b < B; ++b) {
        for (let oh = 0; oh < Ho; ++oh) {
          for (let ow = 0; ow < Wo; ++ow) {
            const s = ((b * Ho + oh) * Wo + ow) * outC;
            const d = ((b * upH + oh * sh) * upW + ow * sw) * outC;
            for (let c = 0; c < outC; ++c) dst[d + c] = src[s + c];
          }
        }
      }
    }
  }

  const dx = runWasmKernel(
    backend,
    'Conv2D',
    { x: up, filter: wRot },
    {
      strides: 1,
      pad: [
        [0, 0],
        [padTop, padBottom],
        [padLeft, padRight],
        [0, 0],
      ],
      dilations: 1,
      dataFormat: 'NHWC',
    },
  );
  release(backend, wRot);
  if (up !== dy) release(backend, up);
  return dx;
}

export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInputWasm as unknown as KernelFunc,
};
