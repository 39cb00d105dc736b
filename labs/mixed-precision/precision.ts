/**
 * Number formats on the CPU, in plain JavaScript: what float16 and bfloat16 do to a value.
 *
 * Browsers from 2025 on (Chromium 135+, Firefox 129+, Safari 18.2+) have `Math.f16round` and
 * `Float16Array`; older ones and some Node versions do not, so `toFloat16` falls back to a small
 * rounding function written here, which gives the same answers.
 */

/** The largest finite float16: (2 − 2⁻¹⁰) × 2¹⁵. */
export const FLOAT16_MAX = 65504;
/** The smallest positive float16 (a subnormal): 2⁻²⁴ ≈ 5.96e-8. Half of it and less rounds to zero. */
export const FLOAT16_MIN_SUBNORMAL = 2 ** -24;
/** The smallest positive normal float16: 2⁻¹⁴ ≈ 6.1e-5. Below it, precision drops digit by digit. */
export const FLOAT16_MIN_NORMAL = 2 ** -14;

type F16Round = (value: number) => number;

/**
 * The smallest positive value float16 keeps, found by halving 1 until float16 rounds the next half to 0:
 * a measurement of `toFloat16`, which should land on FLOAT16_MIN_SUBNORMAL.
 */
export function smallestFloat16(): number {
  let smallest = 1;
  while (toFloat16(smallest / 2) > 0) smallest /= 2;
  return smallest;
}

/** The browser's own float16 rounding, when it has one. */
export function nativeFloat16Round(): F16Round | null {
  const candidate: unknown = (Math as unknown as Record<string, unknown>).f16round;
  return typeof candidate === 'function' ? (candidate as F16Round) : null;
}

/** Whether this JavaScript engine has `Float16Array` (typed arrays of 2-byte floats). */
export function hasFloat16Array(): boolean {
  return typeof (globalThis as Record<string, unknown>).Float16Array === 'function';
}

/**
 * Rounds `value` to the nearest float16, ties to even, as IEEE 754 does: 1 sign bit, 5 exponent bits
 * (2⁻¹⁴ … 2¹⁵), 10 fraction bits. Values from 65520 up overflow to Infinity; tiny ones become
 * subnormals spaced 2⁻²⁴ apart, and those below 2⁻²⁵ round to zero.
 */
export function roundToFloat16(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const sign = value < 0 ? -1 : 1;
  const magnitude = Math.abs(value);
  // Halfway between 65504 and the next step (65536) rounds to the even one, 65536: too big.
  if (magnitude >= 65520) return sign * Infinity;
  let exponent = Math.floor(Math.log2(magnitude));
  // log2 can be off by one right at powers of two; pin the exponent exactly.
  if (2 ** exponent > magnitude) exponent -= 1;
  if (2 ** (exponent + 1) <= magnitude) exponent += 1;
  // Subnormals share the smallest exponent, so their spacing stays 2⁻²⁴.
  const spacing = 2 ** (Math.max(exponent, -14) - 10);
  const steps = magnitude / spacing; // exact: dividing by a power of two
  let rounded = Math.floor(steps);
  const remainder = steps - rounded;
  if (remainder > 0.5 || (remainder === 0.5 && rounded % 2 === 1)) rounded += 1;
  return sign * rounded * spacing;
}

/** Rounds to float16 with the browser's `Math.f16round` when present, else with `roundToFloat16`. */
export function toFloat16(value: number): number {
  return (nativeFloat16Round() ?? roundToFloat16)(value);
}

/**
 * bfloat16 ("brain float"), emulated the cheap way hardware first did it: keep the top 16 bits of the
 * float32 (sign, all 8 exponent bits, 7 fraction bits) and drop the rest. Same range as float32, 8 bits
 * of precision with the implicit bit: about 2.4 significant digits. (PyTorch and current hardware round to
 * nearest even, so their error is at most half of this one's; truncating shows the format just as well.)
 */
export function truncateToBfloat16(value: number): number {
  const bits = new Uint32Array(new Float32Array([value]).buffer);
  bits[0] = (bits[0] ?? 0) & 0xffff0000;
  return new Float32Array(bits.buffer)[0] ?? 0;
}

/** The relative error of storing `value` as `stored`: 0 for exact, 1 for lost entirely. */
export function relativeError(value: number, stored: number): number {
  if (value === 0) return stored === 0 ? 0 : Infinity;
  return Math.abs(stored - value) / Math.abs(value);
}

/** Settings of dynamic loss scaling, named as in PyTorch's `torch.amp.GradScaler`. */
export interface LossScalerOptions {
  /** The first scale, 2^k. PyTorch starts at 2¹⁶. */
  initialScale: number;
  /** Multiply the scale by this after `growthInterval` steps without overflow. */
  growthFactor: number;
  /** Multiply the scale by this when a step overflows (and skip that step). */
  backoffFactor: number;
  /** Good steps in a row before the scale grows. PyTorch uses 2000; a demo uses a few. */
  growthInterval: number;
}

/** What one step of the scaler did. */
export interface ScaledStep {
  step: number;
  /** The scale used for this step. */
  scale: number;
  /** True when a scaled gradient became Infinity or NaN in float16: the step is skipped. */
  overflow: boolean;
  /** The gradients after scaling, rounding to float16 and unscaling; null for a skipped step. */
  gradients: number[] | null;
  /** The scale the next step will use. */
  nextScale: number;
}

/**
 * Simulates dynamic loss scaling on a list of per-step gradients (float64 "true" values): each step
 * multiplies them by the scale (as scaling the loss does through the chain rule), stores them in
 * float16, checks for overflow, and divides by the scale again in float32 precision.
 */
export function simulateLossScaling(stepGradients: readonly (readonly number[])[], options: LossScalerOptions): ScaledStep[] {
  let scale = options.initialScale;
  let goodSteps = 0;
  return stepGradients.map((gradients, step) => {
    const stored = gradients.map((gradient) => toFloat16(gradient * scale));
    const overflow = stored.some((value) => !Number.isFinite(value));
    const used = scale;
    if (overflow) {
      scale *= options.backoffFactor;
      goodSteps = 0;
    } else {
      goodSteps += 1;
      if (goodSteps === options.growthInterval) {
        scale *= options.growthFactor;
        goodSteps = 0;
      }
    }
    return {
      step: step + 1,
      scale: used,
      overflow,
      gradients: overflow ? null : stored.map((value) => Math.fround(value / used)),
      nextScale: scale,
    };
  });
}

/** The 16 bits of the float16 nearest `value` (for filling GPU buffers; `Float16Array` does this natively). */
export function toFloat16Bits(value: number): number {
  const rounded = roundToFloat16(value);
  const sign = rounded < 0 || Object.is(rounded, -0) ? 0x8000 : 0;
  const magnitude = Math.abs(rounded);
  if (Number.isNaN(rounded)) return 0x7e00;
  if (magnitude === Infinity) return sign | 0x7c00;
  if (magnitude < FLOAT16_MIN_NORMAL) return sign | Math.round(magnitude / FLOAT16_MIN_SUBNORMAL);
  const exponent = Math.floor(Math.log2(magnitude));
  const pinned = 2 ** exponent > magnitude ? exponent - 1 : 2 ** (exponent + 1) <= magnitude ? exponent + 1 : exponent;
  const fraction = Math.round((magnitude / 2 ** pinned - 1) * 1024);
  return sign | ((pinned + 15) << 10) | fraction;
}

/** The number the float16 `bits` stand for. */
export function fromFloat16Bits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : Number.NaN;
  if (exponent === 0) return sign * fraction * FLOAT16_MIN_SUBNORMAL;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
