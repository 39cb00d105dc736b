/** What scripts/bench.ts asks the benchmark page to do, and what the page answers. */
import type { PointMeasurement, PointTiming } from '../../labs/cnn/sweep-measure.ts';
import type { SweepPoint } from '../../labs/cnn/sweep-plan.ts';
import type { PointTiming as TransformerTiming, TransformerPoint } from '../../labs/transformer/measure.ts';
import type { TransformerShape } from '../../labs/transformer/model.ts';

export type BenchBackend = 'cpu' | 'wasm' | 'webgl' | 'webgpu';

export interface BenchOptions {
  backend: BenchBackend;
  batch: number;
  steps: number;
  warmup: number;
  seed: number;
  /**
   * 'cifar10': the page fetches /records/train.bin and /records/test.bin, official CIFAR-10 records that
   * scripts/bench.ts decoded from the chunks and also hands to PyTorch, so both see identical pixels.
   */
  data: 'synthetic' | 'cifar10';
  /** Full training epochs after the throughput measurement (0: none). */
  epochs: number;
  /** Training images for epochs (default: all the data set has). */
  trainImages?: number;
}

export interface BenchResult {
  backend: BenchBackend;
  device: string;
  /** Threads the backend computes on: WASM's pool as tfjs reports it, 1 for plain JS, null for GPUs. */
  threads: number | null;
  batch: number;
  steps: number;
  images_per_second: number;
  ms_per_step: number;
  data: string;
  epochs?: number;
  train_images?: number;
  test_images?: number;
  train_seconds?: number;
  /** Mean training loss of each epoch, in order. */
  epoch_losses?: number[];
  test_accuracy?: number;
  leaked_tensors?: number;
}

/** A backend the page has switched to, for the sweep. */
export interface BackendStarted {
  backend: BenchBackend;
  device: string;
  threads: number | null;
  crossOriginIsolated: boolean;
  cores: number;
}

/** One sweep point to measure on the page's active backend. */
export interface SweepPointRequest {
  point: SweepPoint;
  timing: PointTiming;
}

/** One transformer size to measure on the page's active backend, with the lab's measurePoint. */
export interface TransformerPointRequest {
  shape: TransformerShape;
  batchSize: number;
  timing: TransformerTiming;
}

/** The lab's measurement, and the tensors the point left behind (0 expected). */
export type TransformerMeasurement = TransformerPoint & { leakedTensors: number };

/** The page's functions, as scripts/bench.ts calls them through page.evaluate. */
export interface BenchPage {
  runBenchmark(options: BenchOptions): Promise<BenchResult>;
  startBackend(backend: BenchBackend): Promise<BackendStarted>;
  measureSweepPoint(request: SweepPointRequest): Promise<PointMeasurement>;
  measureTransformerPoint(request: TransformerPointRequest): Promise<TransformerMeasurement>;
}
