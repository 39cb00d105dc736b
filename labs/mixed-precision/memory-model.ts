/**
 * How much memory training the project CNN needs, counted by hand from its shapes (labs/cnn/model.ts):
 * the numbers a GPU must hold at once during one training step.
 *
 * The model of memory, stated plainly:
 * - parameters: float32 training keeps one float32 copy (4 bytes each). Mixed precision keeps a float32
 *   "master" copy for the optimiser plus a float16 copy the layers compute with: 4 + 2 bytes.
 * - gradients: one per parameter, in the compute precision (4 bytes, or 2 in mixed precision).
 * - optimiser state: Adam keeps two moments per parameter (mean and mean of squares), always float32.
 * - activations: every layer's output for every image, kept from the forward pass for the backward
 *   pass, in the compute precision; the input batch is counted with them.
 * Not counted: the framework's own workspace and context (CUDA alone takes a few hundred MB), temporary
 * buffers inside a step, and the loss's tiny tensors. Real usage is higher; the differences hold.
 */

/** One layer's output for one image. */
export interface ActivationLayer {
  name: string;
  shape: readonly number[];
}

/** The CNN's layer outputs per image, in order (the input first). Flatten reuses pool2's memory. */
export const cnnActivations: readonly ActivationLayer[] = [
  { name: 'input 32×32×3', shape: [32, 32, 3] },
  { name: 'conv1 28×28×6', shape: [28, 28, 6] },
  { name: 'pool1 14×14×6', shape: [14, 14, 6] },
  { name: 'conv2 10×10×16', shape: [10, 10, 16] },
  { name: 'pool2 5×5×16', shape: [5, 5, 16] },
  { name: 'dense1 120', shape: [120] },
  { name: 'dense2 84', shape: [84] },
  { name: 'dense3 (logits) 10', shape: [10] },
];

/** The CNN's weights and biases, layer by layer. */
export const cnnParameterShapes: readonly (readonly number[])[] = [
  [5, 5, 3, 6], [6],
  [5, 5, 6, 16], [16],
  [400, 120], [120],
  [120, 84], [84],
  [84, 10], [10],
];

export function elements(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

/** 62,006 for the project CNN. */
export function parameterCount(shapes: readonly (readonly number[])[] = cnnParameterShapes): number {
  return shapes.reduce((total, shape) => total + elements(shape), 0);
}

/** Activation values for one image, input included: 3,072 + 8,094 = 11,166 for the project CNN. */
export function activationsPerImage(layers: readonly ActivationLayer[] = cnnActivations): number {
  return layers.reduce((total, layer) => total + elements(layer.shape), 0);
}

export type TrainingPrecision = 'float32' | 'mixed float16';

/** Bytes per value for each kind of tensor, under each precision (see the model at the top). */
export const bytesPerValue: Readonly<Record<TrainingPrecision, { parameters: number; gradients: number; optimizer: number; activations: number }>> = {
  float32: { parameters: 4, gradients: 4, optimizer: 2 * 4, activations: 4 },
  'mixed float16': { parameters: 4 + 2, gradients: 2, optimizer: 2 * 4, activations: 2 },
};

export interface MemoryEstimate {
  precision: TrainingPrecision;
  batchSize: number;
  parameters: number;
  gradients: number;
  optimizer: number;
  activations: number;
  total: number;
}

/** Bytes needed for one training step of a model with `parameters` weights at `batchSize`. */
export function estimateTrainingMemory(
  precision: TrainingPrecision,
  batchSize: number,
  parameters = parameterCount(),
  perImage = activationsPerImage(),
): MemoryEstimate {
  const bytes = bytesPerValue[precision];
  const estimate = {
    precision,
    batchSize,
    parameters: parameters * bytes.parameters,
    gradients: parameters * bytes.gradients,
    optimizer: parameters * bytes.optimizer,
    activations: perImage * batchSize * bytes.activations,
  };
  return { ...estimate, total: estimate.parameters + estimate.gradients + estimate.optimizer + estimate.activations };
}

/** The largest batch whose step fits in `budgetBytes` (0 when even the weights do not fit). */
export function largestBatch(
  precision: TrainingPrecision,
  budgetBytes: number,
  parameters = parameterCount(),
  perImage = activationsPerImage(),
): number {
  const fixed = estimateTrainingMemory(precision, 0, parameters, perImage).total;
  const perImageBytes = perImage * bytesPerValue[precision].activations;
  return Math.max(0, Math.floor((budgetBytes - fixed) / perImageBytes));
}
