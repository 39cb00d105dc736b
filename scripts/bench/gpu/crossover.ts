/**
 * The sweep's conclusion: from which size on the GPU backend trains faster than the CPU one, and how it
 * compares with PyTorch at each size, for the CNN's sweep and the transformer's. Pure, so it is tested on
 * made-up figures.
 */
import { sizeKey as transformerSizeKey } from '../transformer-plan.ts';
import {
  round,
  type PointRecord,
  type SizeRatio,
  type SummaryRecord,
  type TransformerPointRecord,
  type TransformerSummaryRecord,
} from './records.ts';

const sizeKey = (point: { width: number; batch: number }) => `${point.width}x${point.batch}`;

/**
 * numerator ÷ denominator throughput (`rate`) at every size both measured (`key`), in the numerators' order:
 * what both sweeps compare, each with its own sizes and unit.
 */
function pairedRatios<P>(
  numerators: readonly P[],
  denominators: readonly P[],
  key: (point: P) => string,
  rate: (point: P) => number,
): { point: P; ratio: number }[] {
  const byKey = new Map(denominators.map((point) => [key(point), point]));
  return numerators.flatMap((point) => {
    const other = byKey.get(key(point));
    return other && rate(other) > 0 ? [{ point, ratio: rate(point) / rate(other) }] : [];
  });
}

function ratios(
  numerators: PointRecord[],
  denominators: PointRecord[],
): { width: number; batch: number; ratio: number; flops: number }[] {
  return pairedRatios(numerators, denominators, sizeKey, (point) => point.images_per_second)
    .map(({ point, ratio }) => ({ width: point.width, batch: point.batch, ratio, flops: point.flops_per_step }))
    .sort((a, b) => a.flops - b.flops || a.batch - b.batch);
}

/** Why a software adapter cannot show a crossover, for the report. */
export function softwareNote(software: string): string {
  return (
    `The WebGPU adapter is ${software}, a software Vulkan driver: its "GPU" is this machine's CPU cores (the ones WASM and ` +
    'PyTorch run on), reached through a shader compiler and an emulation of GPU threads, barriers and memory, with none of a ' +
    "GPU's thousands of lanes or its memory bandwidth. It cannot overtake the CPU backends at any size, so no real crossover can " +
    "be expected here: these figures test the path (Dawn, Vulkan, tfjs's WGSL kernels), not a GPU."
  );
}

/**
 * `pytorch` is the PyTorch backend's name in the points (e.g. "pytorch-cuda"), or null when it did not run.
 */
export function summarise(points: PointRecord[], pytorch: string | null, software: string | null): SummaryRecord {
  const webgpu = points.filter((point) => point.backend === 'webgpu');
  const webgpuVsWasm = ratios(
    webgpu,
    points.filter((point) => point.backend === 'wasm'),
  );
  const webgpuVsPytorch = pytorch
    ? ratios(
        webgpu,
        points.filter((point) => point.backend === pytorch),
      )
    : [];
  const firstWin = webgpuVsWasm.find((entry) => entry.ratio > 1);

  let note: string;
  if (software) note = softwareNote(software);
  else if (webgpuVsWasm.length === 0) note = 'webgpu and wasm measured no size in common, so there is no crossover to report.';
  else if (firstWin)
    note = `webgpu trains faster than wasm from width ${firstWin.width}, batch ${firstWin.batch} on (the first size, by FLOPs per step, where it wins).`;
  else
    note =
      'webgpu did not overtake wasm at any size measured: more width or batch (more work per kernel launch) would be needed.';

  return {
    record: 'summary',
    webgpu_beats_wasm_from: firstWin ? { width: firstWin.width, batch: firstWin.batch, flops_per_step: firstWin.flops } : null,
    webgpu_vs_wasm: webgpuVsWasm.map(({ width, batch, ratio }) => ({ width, batch, ratio: round(ratio, 4) })),
    pytorch,
    webgpu_vs_pytorch: webgpuVsPytorch.map(({ width, batch, ratio }) => ({ width, batch, ratio: round(ratio, 4) })),
    software_adapter: software,
    note,
  };
}

/** numerator ÷ denominator characters/s at every size both measured, smallest FLOPs per step first. */
function transformerRatios(
  numerators: TransformerPointRecord[],
  denominators: TransformerPointRecord[],
): (SizeRatio & { flops: number })[] {
  return pairedRatios(numerators, denominators, transformerSizeKey, (point) => point.tokens_per_second)
    .map(({ point, ratio }) => ({ width: point.width, context: point.context, ratio, flops: point.flops_per_step }))
    .sort((a, b) => a.flops - b.flops || a.context - b.context);
}

const rounded = (entries: (SizeRatio & { flops: number })[]): SizeRatio[] =>
  entries.map(({ width, context, ratio }) => ({ width, context, ratio: round(ratio, 4) }));

/** The transformer sweep's conclusion; `pytorch` is PyTorch's backend name in the points, or null. */
export function summariseTransformer(
  points: TransformerPointRecord[],
  pytorch: string | null,
  software: string | null,
): TransformerSummaryRecord {
  const on = (backend: string) => points.filter((point) => point.backend === backend);
  const webgpuVsWasm = transformerRatios(on('webgpu'), on('wasm'));
  const firstWin = webgpuVsWasm.find((entry) => entry.ratio > 1);
  let note: string;
  if (software) note = softwareNote(software);
  else if (webgpuVsWasm.length === 0) note = 'webgpu and wasm measured no size in common, so there is no crossover to report.';
  else if (firstWin)
    note = `webgpu trains the transformer faster than wasm from width ${firstWin.width}, context ${firstWin.context} on (the first size, by FLOPs per step, where it wins).`;
  else
    note =
      'webgpu did not overtake wasm at any size measured: a wider model or a longer context (more work per kernel) would be needed.';
  return {
    record: 'transformer-summary',
    webgpu_beats_wasm_from: firstWin
      ? { width: firstWin.width, context: firstWin.context, flops_per_step: firstWin.flops }
      : null,
    webgpu_vs_wasm: rounded(webgpuVsWasm),
    pytorch,
    webgpu_vs_pytorch: pytorch ? rounded(transformerRatios(on('webgpu'), on(pytorch))) : [],
    wasm_vs_pytorch: pytorch ? rounded(transformerRatios(on('wasm'), on(pytorch))) : [],
    software_adapter: software,
    note,
  };
}
