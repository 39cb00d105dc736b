/**
 * How much arithmetic one training step of the project CNN needs, from its layer shapes.
 *
 * A convolution or dense layer does one multiply and one add per weight it applies, so it costs
 * 2 × (outputs) × (inputs feeding each output) floating-point operations (FLOPs). Training a layer costs
 * about three times its forward pass: the forward pass itself, the gradient of its weights (the same
 * multiply-adds again) and the gradient of its input (again the same), except that the first layer
 * needs no input gradient, since nothing learns below it.
 *
 * Only the convolutions and dense layers are counted. Bias, ReLU, pooling, the loss and Adam touch each
 * value a few times at most: at width 1 they add about 1 % to the count, although on a GPU their many
 * small kernels can take far more than 1 % of the time, which is exactly what the crossover sweep shows.
 */
import { IMAGE_SIZE, CHANNELS, NUM_CLASSES } from '../api/cifar10.ts';
import { cnnSizes } from './model.ts';

/** FLOPs of each counted layer's forward pass for one image. */
export interface LayerFlops {
  conv1: number;
  conv2: number;
  dense1: number;
  dense2: number;
  dense3: number;
}

const KERNEL = 5;

/** 2 × output values × multiply-adds per output value. */
function convFlops(outputSize: number, outChannels: number, inChannels: number): number {
  return 2 * outputSize * outputSize * outChannels * KERNEL * KERNEL * inChannels;
}

export function forwardFlopsByLayer(width = 1): LayerFlops {
  const sizes = cnnSizes(width);
  const conv1Out = IMAGE_SIZE - KERNEL + 1; // 28: 'valid' padding loses 4 pixels
  const conv2Out = conv1Out / 2 - KERNEL + 1; // 10, after the first 2×2 pooling
  return {
    conv1: convFlops(conv1Out, sizes.conv1Channels, CHANNELS),
    conv2: convFlops(conv2Out, sizes.conv2Channels, sizes.conv1Channels),
    dense1: 2 * sizes.flattened * sizes.hidden1,
    dense2: 2 * sizes.hidden1 * sizes.hidden2,
    dense3: 2 * sizes.hidden2 * NUM_CLASSES,
  };
}

/** Forward-pass FLOPs for one image (1,303,440 at width 1). */
export function forwardFlopsPerImage(width = 1): number {
  const { conv1, conv2, dense1, dense2, dense3 } = forwardFlopsByLayer(width);
  return conv1 + conv2 + dense1 + dense2 + dense3;
}

/** Training FLOPs for one image: forward, weight gradients, and input gradients for all but conv1. */
export function trainingFlopsPerImage(width = 1): number {
  const layers = forwardFlopsByLayer(width);
  const forward = forwardFlopsPerImage(width);
  return forward + forward + (forward - layers.conv1);
}

/** Training FLOPs of one step on a batch (205,102,080 for the project's network at batch 64). */
export function trainingFlopsPerStep(width: number, batchSize: number): number {
  return trainingFlopsPerImage(width) * batchSize;
}
