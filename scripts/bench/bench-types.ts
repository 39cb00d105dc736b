/** What scripts/bench.ts asks the benchmark page to do, and what the page answers. */
export type BenchBackend = 'cpu' | 'wasm' | 'webgl' | 'webgpu';

export interface BenchOptions {
  backend: BenchBackend;
  batch: number;
  steps: number;
  warmup: number;
  seed: number;
  data: 'synthetic' | 'cifar10';
  /** Full training epochs after the throughput measurement (0: none). */
  epochs: number;
  /** Training images for epochs (default: all the data set has). */
  trainImages?: number;
}

export interface BenchResult {
  backend: BenchBackend;
  device: string;
  batch: number;
  steps: number;
  images_per_second: number;
  ms_per_step: number;
  data: string;
  epochs?: number;
  train_images?: number;
  train_seconds?: number;
  test_accuracy?: number;
  leaked_tensors?: number;
}
