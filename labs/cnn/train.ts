/**
 * Training, testing and timing loops for the project CNN, shared by the CNN lab and `npm run bench`.
 *
 * They follow the rules a fair GPU measurement needs: no host reads (`dataSync`, `await data()`) inside
 * the timed loop, because each one stalls until the device has finished; work under `tf.tidy` so no
 * intermediate tensor outlives its step; warm-up steps before the clock starts, because the first steps
 * on a GPU backend compile shaders; and one synchronisation (`await data()`) before the clock stops, because
 * GPU backends return before the work is done.
 */
import * as tf from '@tensorflow/tfjs';
import { PIXELS_PER_IMAGE, type ImageSet } from '../api/cifar10.ts';
import { createOptimizer, trainStep, type Cnn } from './model.ts';
import { seededRandom } from '../api/seeded-random.ts';

/** Copies images [start, start + size) to the active backend as a batch. This is the host→device transfer. */
export function toBatch(set: ImageSet, start: number, size: number): { images: tf.Tensor4D; labels: tf.Tensor1D } {
  const end = Math.min(start + size, set.count);
  return {
    images: tf.tensor4d(set.images.subarray(start * PIXELS_PER_IMAGE, end * PIXELS_PER_IMAGE), [end - start, 32, 32, 3]),
    labels: tf.tensor1d(set.labels.subarray(start, end), 'int32'),
  };
}

/** Gathers the images at `indices` (in that order) into one batch on the active backend. */
export function gatherBatch(set: ImageSet, indices: Uint32Array): { images: tf.Tensor4D; labels: tf.Tensor1D } {
  const pixels = new Float32Array(indices.length * PIXELS_PER_IMAGE);
  const labels = new Int32Array(indices.length);
  indices.forEach((index, position) => {
    pixels.set(set.images.subarray(index * PIXELS_PER_IMAGE, (index + 1) * PIXELS_PER_IMAGE), position * PIXELS_PER_IMAGE);
    labels[position] = set.labels[index];
  });
  return { images: tf.tensor4d(pixels, [indices.length, 32, 32, 3]), labels: tf.tensor1d(labels, 'int32') };
}

/**
 * The order in which one epoch visits the training images: a fresh shuffle every epoch, as PyTorch's
 * `DataLoader(shuffle=True)` does, so batches mix differently each time. Seeded by (seed, epoch), so every
 * backend sees the very same batches.
 */
export function epochOrder(count: number, seed: number, epoch: number): Uint32Array {
  const random = seededRandom(seed * 1_000 + epoch);
  const order = Uint32Array.from({ length: count }, (_, index) => index);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

export interface EpochResult {
  /** Mean training loss over the epoch's batches. */
  meanLoss: number;
  /** Wall-clock seconds, measured after the device finished the epoch's work. */
  seconds: number;
}

export interface EpochOptions {
  batchSize: number;
  /** The images to train on, in this order (e.g. part of `epochOrder`); default: all of `set`, in order. */
  indices?: Uint32Array;
  /** Called after each batch is queued (not finished), e.g. for a progress bar. */
  onBatch?: (done: number, total: number) => void;
}

/**
 * One pass over `set`. Losses are summed on the device and read once, at the end, so the loop never
 * waits for the GPU; the final read is also the synchronisation that makes the time honest.
 */
export async function trainEpoch(
  model: Cnn,
  optimizer: tf.Optimizer,
  set: ImageSet,
  options: EpochOptions,
): Promise<EpochResult> {
  const indices = options.indices ?? Uint32Array.from({ length: set.count }, (_, index) => index);
  const batches = Math.ceil(indices.length / options.batchSize);
  const started = performance.now();
  let lossSum: tf.Scalar = tf.scalar(0);
  for (let batch = 0; batch < batches; batch++) {
    const { images, labels } = gatherBatch(set, indices.subarray(batch * options.batchSize, (batch + 1) * options.batchSize));
    const loss = trainStep(model, optimizer, images, labels);
    const previous = lossSum;
    lossSum = tf.add(previous, loss);
    tf.dispose([images, labels, loss, previous]);
    options.onBatch?.(batch + 1, batches);
    // Give the event loop a turn so progress messages and a Stop request get through.
    if (batch % 8 === 7) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const total = (await lossSum.data())[0];
  const seconds = (performance.now() - started) / 1000;
  lossSum.dispose();
  return { meanLoss: total / batches, seconds };
}

/** Share of `set` the model classifies correctly (0–1), in batches, with no gradients kept. */
export async function evaluate(model: Cnn, set: ImageSet, batchSize = 256): Promise<number> {
  let correct = 0;
  for (let start = 0; start < set.count; start += batchSize) {
    const hits = tf.tidy(() => {
      const { images, labels } = toBatch(set, start, batchSize);
      return tf.sum(tf.cast(tf.equal(tf.argMax(model.predict(images), 1), labels), 'int32'));
    });
    correct += (await hits.data())[0];
    hits.dispose();
  }
  return correct / set.count;
}

export interface ThroughputOptions {
  batchSize: number;
  /** Timed steps. */
  steps: number;
  /** Untimed steps first: memory allocation (and, on a GPU backend, shader compilation) happens here. */
  warmupSteps: number;
}

export interface Throughput {
  msPerStep: number;
  imagesPerSecond: number;
}

/**
 * Training speed on one batch that stays on the device, like the PyTorch peer's `throughput` mode:
 * it measures the model's arithmetic, not data loading. Uses its own optimizer so the model's real
 * training state is untouched (its weights do change).
 */
export async function measureThroughput(model: Cnn, set: ImageSet, options: ThroughputOptions): Promise<Throughput> {
  const optimizer = createOptimizer();
  const { images, labels } = toBatch(set, 0, options.batchSize);
  const batchSize = images.shape[0];
  const step = () => trainStep(model, optimizer, images, labels);
  try {
    for (let i = 0; i < options.warmupSteps; i++) {
      const loss = step();
      if (i === options.warmupSteps - 1) await loss.data();
      loss.dispose();
    }
    const started = performance.now();
    let last: tf.Scalar | undefined;
    for (let i = 0; i < options.steps; i++) {
      last?.dispose();
      last = step();
    }
    await last?.data();
    last?.dispose();
    const ms = performance.now() - started;
    return { msPerStep: ms / options.steps, imagesPerSecond: (options.steps * batchSize * 1000) / ms };
  } finally {
    tf.dispose([images, labels]);
    optimizer.dispose();
  }
}
