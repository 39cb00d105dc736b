/**
 * im2col ("image to columns"): turn a convolution into one matrix product.
 *
 * Every output pixel of a convolution is a dot product between the filter and
 * the input patch under it. If we copy each patch into a row of a matrix, the
 * whole convolution (and its gradients) become plain GEMMs, which the WASM
 * backend runs with XNNPACK's SIMD micro-kernels. The copy costs O(patch
 * size x pixels) memory traffic, much less than the O(... x outChannels)
 * arithmetic it unlocks.
 *
 * Two layouts are produced here, one per gradient:
 *  - `im2colTransposed`: patchesT[K, P] (K = fh*fw*inC taps, P = pixels), so
 *    that dW[K, outC] = patchesT x dy[P, outC] needs no transpose flag.
 *  - `col2imAdd` is the inverse scatter used for the input gradient: each
 *    row of dPatches[P, K] is added back onto the pixels it came from.
 * All tensors are NHWC, float32, row-major.
 */
import {type ConvGeometry, validRange} from './conv-geometry.ts';

/**
 * patchesT[(kh*fw + kw)*inC + c, (b - b0)*Ho*Wo + oh*Wo + ow] =
 *     x[b, oh*sh + kh*dh - padTop, ow*sw + kw*dw - padLeft, c]   (0 outside)
 * for images b in [b0, b1). Rows are written contiguously (fast stores);
 * reads stride through x by inChannels*strideWidth.
 */
export function im2colTransposed(
    x: Float32Array, g: ConvGeometry, b0: number, b1: number,
    patchesT: Float32Array): void {
  const {inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo} = g;
  const pixels = (b1 - b0) * Ho * Wo;
  const rowStrideX = W * C;
  const imageStrideX = H * W * C;
  const colStep = g.strideWidth * C;
  let row = 0;
  for (let kh = 0; kh < g.filterHeight; ++kh) {
    const rowOffset = kh * g.dilationHeight - g.padTop;
    const [ohLo, ohHi] = validRange(rowOffset, g.strideHeight, H, Ho);
    for (let kw = 0; kw < g.filterWidth; ++kw) {
      const colOffset = kw * g.dilationWidth - g.padLeft;
      const [owLo, owHi] = validRange(colOffset, g.strideWidth, W, Wo);
      for (let c = 0; c < C; ++c, ++row) {
        let o = row * pixels;
        for (let b = b0; b < b1; ++b) {
          const imageBase = b * imageStrideX + colOffset * C + c;
          for (let oh = 0; oh < Ho; ++oh) {
            if (oh < ohLo || oh >= ohHi) {  // whole output row reads padding
              for (let ow = 0; ow < Wo; ++ow) patchesT[o++] = 0;
              continue;
            }
            let ow = 0;
            for (; ow < owLo; ++ow) patchesT[o++] = 0;
            let src = imageBase + (oh * g.strideHeight + rowOffset) * rowStrideX +
                owLo * colStep;
            for (; ow < owHi; ++ow, src += colStep) patchesT[o++] = x[src];
            for (; ow < Wo; ++ow) patchesT[o++] = 0;
          }
        }
      }
    }
  }
}

/**
 * The adjoint of im2col: dx[b, ih, iw, c] += dPatches[pixel, (kh*fw+kw)*C + c]
 * for every (pixel, tap) that read that input element in the forward pass.
 * `dx` must be zeroed by the caller; images b in [b0, b1) are handled, and
 * `dPatches` rows start at image b0.
 */
export function col2imAdd(
    dPatches: Float32Array, g: ConvGeometry, b0: number, b1: number,
    dx: Float32Array): void {
  const {inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo} = g;
  const K = g.filterHeight * g.filterWidth * C;
  const rowStrideX = W * C;
  const imageStrideX = H * W * C;
  let p = 0;  // row of dPatches = output pixel
  for (let b = b0; b < b1; ++b) {
    const imageBase = b * imageStrideX;
    for (let oh = 0; oh < Ho; ++oh) {
      for (let ow = 0; ow < Wo; ++ow, ++p) {
        const patchBase = p * K;
        for (let kh = 0; kh < g.filterHeight; ++kh) {
          const ih = oh * g.strideHeight + kh * g.dilationHeight - g.padTop;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < g.filterWidth; ++kw) {
            const iw = ow * g.strideWidth + kw * g.dilationWidth - g.padLeft;
            if (iw < 0 || iw >= W) continue;
            const dst = imageBase + ih * rowStrideX + iw * C;
            const src = patchBase + (kh * g.filterWidth + kw) * C;
            for (let c = 0; c < C; ++c) dx[dst + c] += dPatches[src + c];
          }
        }
      }
    }
  }
}
