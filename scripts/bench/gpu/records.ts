/**
 * The lines `npm run bench:gpu -- --json` prints, one JSON object each, told apart by `record`.
 * Field names follow the PyTorch reference's (scripts/pytorch/cnn_reference.py), so the two read alike.
 */

/** The tfjs backends the command can sweep in Node. */
export const TFJS_BACKENDS = ['webgpu', 'wasm'] as const;
export type TfjsBackend = (typeof TFJS_BACKENDS)[number];

/** One backend, ready or not, before its points. */
export interface BackendRecord {
  record: 'backend';
  backend: TfjsBackend;
  /** Human-readable: the adapter for webgpu, "WebAssembly, N thread(s), SIMD" for wasm. */
  device: string;
  /** webgpu: GPUAdapterInfo's fields, and `software` (e.g. "SwiftShader") when it is a CPU implementation. */
  adapter?: { vendor: string; architecture: string; device: string; description: string; software: string | null };
  /** webgpu: the Vulkan driver manifest, or "the system's Vulkan drivers". */
  driver?: string;
  /** wasm: worker threads (1 in Node: tfjs-backend-wasm 4.22 never starts a pool there). */
  threads?: number;
  /** The loss of one training step at the check size (the CNN: width 1, batch 8, seed 42) on this backend… */
  check_loss?: number;
  /** …and on tfjs's plain-JavaScript CPU backend, from the same weights and batch. */
  check_loss_cpu?: number;
  /** The two agree to 1e-3 (relative): the backend computes the same network. */
  check_loss_matches?: boolean;
  /** Set when the backend could not start; its points are then skipped. */
  error?: string;
}

/** One measured (width, batch) point on one backend; PyTorch's too, as `pytorch-cuda` or `pytorch-cpu`. */
export interface PointRecord {
  record: 'point';
  backend: TfjsBackend | `pytorch-${string}`;
  device: string;
  width: number;
  batch: number;
  flops_per_step: number;
  first_step_ms: number;
  ms_per_step: number;
  steps: number;
  images_per_second: number;
  gflops_per_second: number;
  /** images/s over PyTorch's at the same width and batch (null when PyTorch did not measure it). */
  ratio_to_pytorch: number | null;
  /** tfjs: tensors alive after the point that were not before (0 expected). */
  leaked_tensors?: number;
  threads?: number;
  software_adapter?: string | null;
}

export interface SkippedRecord {
  record: 'skipped';
  backend: string;
  width: number;
  batch: number;
  flops_per_step: number;
  reason: string;
}

/** Where WebGPU overtakes WASM, and how it stands against PyTorch, size by size. */
export interface SummaryRecord {
  record: 'summary';
  /** The smallest size (by FLOPs per step) at which webgpu trained more images/s than wasm, if any. */
  webgpu_beats_wasm_from: { width: number; batch: number; flops_per_step: number } | null;
  /** webgpu images/s over wasm's, at every size both measured. */
  webgpu_vs_wasm: { width: number; batch: number; ratio: number }[];
  /** The PyTorch backend compared against (e.g. "pytorch-cuda"), or null when PyTorch did not run. */
  pytorch: string | null;
  /** webgpu images/s over PyTorch's, at every size both measured. */
  webgpu_vs_pytorch: { width: number; batch: number; ratio: number }[];
  /** The software renderer the webgpu adapter is (e.g. "SwiftShader"), or null for a real GPU. */
  software_adapter: string | null;
  /** What the figures mean, in a sentence or two. */
  note: string;
}

/** One measured transformer size (`--model transformer`) on one backend; PyTorch's too, as `pytorch-cuda` or `pytorch-cpu`. */
/**
 * One size of the transformer measured on one side, as both benchmarks print it (`npm run bench -- --model
 * transformer` adds the model, threads and repeats; `bench:gpu` the record's kind).
 */
export interface TransformerPointFields {
  device: string;
  width: number;
  context: number;
  layers: number;
  heads: number;
  vocabulary: number;
  batch: number;
  flops_per_step: number;
  first_step_ms: number;
  /** The median of the timed repeats' ms per step (labs/transformer/measure.ts). */
  ms_per_step: number;
  /** Timed steps per repeat. */
  steps: number;
  /** Characters trained per second: batch × context per step. */
  tokens_per_second: number;
  gflops_per_second: number;
  /** tokens/s over PyTorch's at the same size (null when PyTorch did not measure it). */
  ratio_to_pytorch: number | null;
  leaked_tensors?: number;
}

export interface TransformerPointRecord extends TransformerPointFields {
  record: 'transformer-point';
  backend: TfjsBackend | `pytorch-${string}`;
  threads?: number;
  software_adapter?: string | null;
}

export interface TransformerSkippedRecord {
  record: 'transformer-skipped';
  backend: string;
  width: number;
  context: number;
  batch: number;
  flops_per_step: number;
  reason: string;
}

/** A transformer size and a ratio of characters per second there. */
export interface SizeRatio {
  width: number;
  context: number;
  ratio: number;
}

/** Where WebGPU overtakes WASM on the transformer, and how both stand against PyTorch, size by size. */
export interface TransformerSummaryRecord {
  record: 'transformer-summary';
  /** The smallest size (by FLOPs per step) at which webgpu trained more characters/s than wasm, if any. */
  webgpu_beats_wasm_from: { width: number; context: number; flops_per_step: number } | null;
  webgpu_vs_wasm: SizeRatio[];
  /** The PyTorch backend compared against (e.g. "pytorch-cuda"), or null when PyTorch did not run. */
  pytorch: string | null;
  webgpu_vs_pytorch: SizeRatio[];
  wasm_vs_pytorch: SizeRatio[];
  software_adapter: string | null;
  note: string;
}

export type BenchGpuRecord =
  | BackendRecord
  | PointRecord
  | SkippedRecord
  | SummaryRecord
  | TransformerPointRecord
  | TransformerSkippedRecord
  | TransformerSummaryRecord;

/** Rounds to `digits` decimal places, so the JSON lines stay short and readable. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value)) return value;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
