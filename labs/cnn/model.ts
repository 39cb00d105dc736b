/**
 * The course project's CNN: a LeNet-style network for CIFAR-10 (32x32 RGB
 * images, 10 classes), written with plain TensorFlow.js variables so every
 * weight and every step of training is visible.
 *
 *   input [B, 32, 32, 3]  (NHWC, pixels scaled to [-1, 1])
 *   conv 5x5, 3 -> 6 channels, ReLU      -> [B, 28, 28, 6]
 *   max-pool 2x2, stride 2               -> [B, 14, 14, 6]
 *   conv 5x5, 6 -> 16 channels, ReLU     -> [B, 10, 10, 16]
 *   max-pool 2x2, stride 2               -> [B, 5, 5, 16]
 *   flatten                              -> [B, 400]
 *   dense 400 -> 120, ReLU
 *   dense 120 -> 84, ReLU
 *   dense 84 -> 10                       -> logits (unnormalised scores)
 *
 * Loss: softmax cross-entropy. Optimiser: Adam (learning rate 0.001).
 * The same network as the PyTorch reference in scripts/pytorch/cnn_reference.py.
 *
 * `width` multiplies every layer's channels and hidden units (6·w, 16·w, 120·w, 84·w), which is how the
 * crossover sweep grows the arithmetic per image while keeping the network's shape. Width 1 is the
 * project's network.
 */
import * as tf from '@tensorflow/tfjs';

/** The trainable tensors of the network, by layer. */
export interface CnnParams {
  conv1Filter: tf.Variable<tf.Rank.R4>; // [5, 5, 3, 6]   (height, width, in, out), at width 1
  conv1Bias: tf.Variable<tf.Rank.R1>; // [6]
  conv2Filter: tf.Variable<tf.Rank.R4>; // [5, 5, 6, 16]
  conv2Bias: tf.Variable<tf.Rank.R1>; // [16]
  dense1Weights: tf.Variable<tf.Rank.R2>; // [400, 120]
  dense1Bias: tf.Variable<tf.Rank.R1>;
  dense2Weights: tf.Variable<tf.Rank.R2>; // [120, 84]
  dense2Bias: tf.Variable<tf.Rank.R1>;
  dense3Weights: tf.Variable<tf.Rank.R2>; // [84, 10]
  dense3Bias: tf.Variable<tf.Rank.R1>;
}

/** The layer sizes of the network at a given width (width 1: the project's 6, 16, 120, 84). */
export interface CnnSizes {
  conv1Channels: number;
  conv2Channels: number;
  /** Values per image after the second pooling: 5 × 5 × conv2Channels. */
  flattened: number;
  hidden1: number;
  hidden2: number;
}

export function cnnSizes(width = 1): CnnSizes {
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`The CNN's width must be a whole number ≥ 1, got ${width}.`);
  return {
    conv1Channels: 6 * width,
    conv2Channels: 16 * width,
    flattened: 5 * 5 * 16 * width,
    hidden1: 120 * width,
    hidden2: 84 * width,
  };
}

export interface Cnn {
  params: CnnParams;
  /** The layer sizes (see `cnnSizes`). */
  sizes: CnnSizes;
  /** The parameters as a list, e.g. for `optimizer.minimize(f, true, vars)`. */
  variables: tf.Variable[];
  /** Forward pass: images [B, 32, 32, 3] -> logits [B, 10]. */
  predict(images: tf.Tensor4D): tf.Tensor2D;
  /** Frees the weights (and nothing else). */
  dispose(): void;
}

export const NUM_CLASSES = 10;

/**
 * Builds the network with freshly initialised weights.
 *
 * Initialisation follows PyTorch's default for Conv2d/Linear: weights and
 * biases uniform in [-1/sqrt(fanIn), 1/sqrt(fanIn)], where fanIn is the number
 * of inputs feeding one output unit. Small, fan-in-scaled weights keep the
 * activations from blowing up or dying as they flow through the layers, and
 * matching PyTorch makes our loss curves comparable with the reference.
 * The same `seed` always gives the same weights.
 */
export function createCnn(seed = 42, width = 1): Cnn {
  const sizes = cnnSizes(width);
  const { conv1Channels: c1, conv2Channels: c2, flattened, hidden1, hidden2 } = sizes;
  let nextSeed = seed;
  const uniform = <R extends tf.Rank>(shape: number[], fanIn: number) => {
    const limit = 1 / Math.sqrt(fanIn);
    // Each tensor gets its own seed so that reordering layers doesn't
    // silently change the other layers' weights.
    const initial: tf.Tensor = tf.randomUniform(shape, -limit, limit, 'float32', nextSeed++);
    return tf.variable(initial as tf.Tensor<R>);
  };
  const params: CnnParams = tf.tidy(() => ({
    conv1Filter: uniform<tf.Rank.R4>([5, 5, 3, c1], 5 * 5 * 3),
    conv1Bias: uniform<tf.Rank.R1>([c1], 5 * 5 * 3),
    conv2Filter: uniform<tf.Rank.R4>([5, 5, c1, c2], 5 * 5 * c1),
    conv2Bias: uniform<tf.Rank.R1>([c2], 5 * 5 * c1),
    dense1Weights: uniform<tf.Rank.R2>([flattened, hidden1], flattened),
    dense1Bias: uniform<tf.Rank.R1>([hidden1], flattened),
    dense2Weights: uniform<tf.Rank.R2>([hidden1, hidden2], hidden1),
    dense2Bias: uniform<tf.Rank.R1>([hidden2], hidden1),
    dense3Weights: uniform<tf.Rank.R2>([hidden2, NUM_CLASSES], hidden2),
    dense3Bias: uniform<tf.Rank.R1>([NUM_CLASSES], hidden2),
  }));
  const variables = Object.values(params) as tf.Variable[];
  return {
    params,
    sizes,
    variables,
    predict: (images) => forward(params, sizes, images),
    dispose: () => variables.forEach((v) => v.dispose()),
  };
}

/** The forward pass, layer by layer. */
function forward(p: CnnParams, sizes: CnnSizes, images: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy((): tf.Tensor2D => {
    // Convolution + bias + ReLU. Each 5x5 filter slides over the image
    // ('valid': no padding, so the picture shrinks by 4 pixels) and responds
    // to one local pattern. `tf.fused.conv2d` does all three steps in one
    // kernel at inference time; while gradients are being recorded tfjs runs
    // them as separate ops, so the backward pass can reuse each one's gradient.
    const conv1 = tf.fused.conv2d({
      x: images,
      filter: p.conv1Filter,
      strides: 1,
      pad: 'valid',
      bias: p.conv1Bias,
      activation: 'relu',
    });
    // Max-pooling keeps the strongest response in each 2x2 window: half the
    // resolution, a little translation invariance, 4x less work downstream.
    const pool1 = tf.maxPool(conv1, 2, 2, 'valid');
    const conv2 = tf.fused.conv2d({
      x: pool1,
      filter: p.conv2Filter,
      strides: 1,
      pad: 'valid',
      bias: p.conv2Bias,
      activation: 'relu',
    });
    const pool2 = tf.maxPool(conv2, 2, 2, 'valid');
    // Flatten the 5x5x16 feature maps into one 400-long vector per image (at width 1).
    const flat = tf.reshape<tf.Rank.R2>(pool2, [-1, sizes.flattened]);
    // Fully connected layers combine the features into class scores.
    const dense1 = tf.fused.matMul({
      a: flat,
      b: p.dense1Weights,
      bias: p.dense1Bias,
      activation: 'relu',
    });
    const dense2 = tf.fused.matMul({
      a: dense1,
      b: p.dense2Weights,
      bias: p.dense2Bias,
      activation: 'relu',
    });
    // The last layer has no ReLU: logits may be negative; softmax (inside the
    // loss) turns them into probabilities.
    return tf.fused.matMul({ a: dense2, b: p.dense3Weights, bias: p.dense3Bias }) as tf.Tensor2D;
  });
}

/**
 * Mean softmax cross-entropy between the logits and the true classes.
 * `labels` are either class indices [B] (int32) or one-hot rows [B, 10].
 */
export function loss(model: Cnn, images: tf.Tensor4D, labels: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const oneHot = labels.rank === 1 ? tf.oneHot(tf.cast(labels, 'int32'), NUM_CLASSES) : labels;
    return tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(oneHot, model.predict(images));
  });
}

/** Adam with the project's learning rate. */
export function createOptimizer(learningRate = 0.001): tf.Optimizer {
  return tf.train.adam(learningRate);
}

/**
 * One step of gradient descent on one batch: forward pass, loss, backward
 * pass (gradients of the loss w.r.t. every weight), and an optimiser update.
 *
 * Returns the batch loss as a scalar tensor *without* reading it back, so a
 * training loop never waits on the device; the caller disposes it (or reads
 * it every N steps). Everything else is freed inside `tf.tidy`.
 */
export function trainStep(model: Cnn, optimizer: tf.Optimizer, images: tf.Tensor4D, labels: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    // `minimize` computes the gradients of the returned loss with respect to
    // `model.variables`, applies them, and (returnCost = true) hands the loss back.
    const cost = optimizer.minimize(() => loss(model, images, labels), true, model.variables);
    return cost as tf.Scalar;
  });
}

/** Number of trainable numbers in the model (62 006 for the project's network, width 1). */
export function countParameters(model: Pick<Cnn, 'variables'>): number {
  return model.variables.reduce((total, v) => total + v.size, 0);
}
