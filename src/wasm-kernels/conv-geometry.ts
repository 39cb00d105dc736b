/**
 * The geometry of a 2-D convolution, flattened into plain numbers.
 *
 * tfjs describes a convolution with `backend_util.Conv2DInfo` (computed from
 * shapes, strides, padding mode and rounding mode). Our kernels only need a
 * dozen integers from it, and keeping them in one small object makes the hot
 * loops easy to read and lets every kernel agree on what "padTop" means.
 */
import {backend_util} from '@tensorflow/tfjs';

export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  /** Rows of implicit zeros above the image ('same' or explicit padding). */
  padTop: number;
  /** Columns of implicit zeros left of the image. */
  padLeft: number;
}

export function geometryOf(info: backend_util.Conv2DInfo): ConvGeometry {
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/**
 * For one filter tap at column offset `tapOffset` (= kw * dilation - padLeft),
 * the output columns [lo, hi) whose input column ow*stride + tapOffset falls
 * inside the image. Outside that range the tap reads padding (zeros), so the
 * hot loops can run branch-free between lo and hi.
 */
export function validRange(
    tapOffset: number, stride: number, inSize: number, outSize: number):
    [number, number] {
  const lo = Math.min(outSize, Math.max(0, Math.ceil(-tapOffset / stride)));
  const hi = Math.max(lo, Math.min(outSize, Math.ceil((inSize - tapOffset) / stride)));
  return [lo, hi];
}
