/**
 * How much memory training the project CNN needs, counted by hand from its shapes (labs/cnn/model.ts):
 * the numbers a GPU must hold at once during one training step, with the Adam optimiser.
 *
 * Two ways to train, and what each keeps per value:
 * - float32: everything in 4-byte floats.
 * - autocast float16: mixed precision as PyTorch's `torch.autocast` (and Keras's "mixed_float16"
 *   policy) does it. The parameters stay float32, so their gradients are float32 too, and Adam's two
 *   moments are float32 as always. Only the convolutions and matrix products run in float16, so the
 *   activations they save for the backward pass are 2-byte values. The alternative you meet in older
 *   material, float16 weights with a float32 master copy for the optimiser (NVIDIA Apex's "O2"), is
 *   not modelled here.
 *
 * The kinds of memory counted:
 * - parameters, gradients: one value each per weight or bias.
 * - optimiser state: Adam keeps two moments per parameter (a mean and a mean of squares).
 * - input batch: the float32 images the data loader hands over, 4 bytes per value either way.
 * - activations: what the forward pass keeps for the backward pass. In float32 that is every layer's
 *   output (the first convolution keeps the input batch itself, already counted). Under autocast it is
 *   every layer's output in float16 plus the float16 copy of the input batch the first convolution makes
 *   and keeps.
 * Not counted: autocast's cached float16 copies of the weights (2 bytes per parameter, freed after the
 * step), max-pool index tensors, temporary buffers inside a step, the framework's workspace and the CUDA
 * context (a few hundred MB on its own). Real usage is higher; the differences hold.
 */

/** One layer's output for one image. */
export interface ActivationLayer {
  name: string;
  shape: readonly number[];
}

/** The CNN's input and layer outputs per image, in order (the input first). Flatten reuses pool2's memory. */
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
  [5, 5, 3, 6],
  [6],
  [5, 5, 6, 16],
  [16],
  [400, 120],
  [120],
  [120, 84],
  [84],
  [84, 10],
  [10],
];

export function elements(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

/** 62,006 for the project CNN. */
export function parameterCount(shapes: readonly (readonly number[])[] = cnnParameterShapes): number {
  return shapes.reduce((total, shape) => total + elements(shape), 0);
}

/** Values per image in the input and every layer output: 3,072 + 8,094 = 11,166 for the project CNN. */
export function activationsPerImage(layers: readonly ActivationLayer[] = cnnActivations): number {
  return layers.reduce((total, layer) => total + elements(layer.shape), 0);
}

/** Values per image in the input alone: 3,072 for a 32×32×3 image. */
export function inputValuesPerImage(layers: readonly ActivationLayer[] = cnnActivations): number {
  const [input] = layers;
  return input ? elements(input.shape) : 0;
}

export type TrainingPrecision = 'float32' | 'autocast float16';

/**
 * Bytes per value for each kind of tensor, under each precision (see the model at the top).
 * `inputCopy` is the float16 copy of the input batch that autocast makes for the first convolution.
 */
export const bytesPerValue: Readonly<
  Record<
    TrainingPrecision,
    {
      parameters: number;
      gradients: number;
      optimizer: number;
      inputBatch: number;
      inputCopy: number;
      layerOutputs: number;
    }
  >
> = {
  float32: { parameters: 4, gradients: 4, optimizer: 2 * 4, inputBatch: 4, inputCopy: 0, layerOutputs: 4 },
  'autocast float16': { parameters: 4, gradients: 4, optimizer: 2 * 4, inputBatch: 4, inputCopy: 2, layerOutputs: 2 },
};

export interface MemoryEstimate {
  precision: TrainingPrecision;
  batchSize: number;
  parameters: number;
  gradients: number;
  optimizer: number;
  inputBatch: number;
  activations: number;
  total: number;
}

/** Bytes one image adds to a step: its input values and the activations kept for the backward pass. */
export function bytesPerImage(
  precision: TrainingPrecision,
  layers: readonly ActivationLayer[] = cnnActivations,
): { inputBatch: number; activations: number } {
  const bytes = bytesPerValue[precision];
  const input = inputValuesPerImage(layers);
  const outputs = activationsPerImage(layers) - input;
  return { inputBatch: input * bytes.inputBatch, activations: input * bytes.inputCopy + outputs * bytes.layerOutputs };
}

/** Bytes needed for one training step with Adam at `batchSize`. */
export function estimateTrainingMemory(
  precision: TrainingPrecision,
  batchSize: number,
  parameters = parameterCount(),
  layers: readonly ActivationLayer[] = cnnActivations,
): MemoryEstimate {
  const bytes = bytesPerValue[precision];
  const perImage = bytesPerImage(precision, layers);
  const estimate = {
    precision,
    batchSize,
    parameters: parameters * bytes.parameters,
    gradients: parameters * bytes.gradients,
    optimizer: parameters * bytes.optimizer,
    inputBatch: perImage.inputBatch * batchSize,
    activations: perImage.activations * batchSize,
  };
  return {
    ...estimate,
    total: estimate.parameters + estimate.gradients + estimate.optimizer + estimate.inputBatch + estimate.activations,
  };
}

/** The largest batch whose step fits in `budgetBytes` (0 when even the weights do not fit). */
export function largestBatch(
  precision: TrainingPrecision,
  budgetBytes: number,
  parameters = parameterCount(),
  layers: readonly ActivationLayer[] = cnnActivations,
): number {
  const fixed = estimateTrainingMemory(precision, 0, parameters, layers).total;
  const perImage = bytesPerImage(precision, layers);
  return Math.max(0, Math.floor((budgetBytes - fixed) / (perImage.inputBatch + perImage.activations)));
}
