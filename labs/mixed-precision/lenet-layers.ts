/**
 * The project CNN (labs/cnn/model.ts) again, built from Keras-style layers so this lab stays in its own
 * folder: same layers, same 62,006 parameters. And a few CIFAR-shaped images to train it on, made from
 * a seed: each class is stripes at its own angle, which the network can start to learn in a few steps.
 */
import * as tf from '@tensorflow/tfjs';

/** conv 5×5 (6) → pool → conv 5×5 (16) → pool → dense 120 → 84 → 10 logits, on 32×32×3 images. */
export function createLeNet(seed: number): tf.Sequential {
  const init = (offset: number) => tf.initializers.glorotUniform({ seed: seed + offset });
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [32, 32, 3], filters: 6, kernelSize: 5, activation: 'relu', kernelInitializer: init(0) }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu', kernelInitializer: init(1) }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 120, activation: 'relu', kernelInitializer: init(2) }),
      tf.layers.dense({ units: 84, activation: 'relu', kernelInitializer: init(3) }),
      tf.layers.dense({ units: 10, kernelInitializer: init(4) }),
    ],
  });
}

/** `count` striped 32×32×3 images in [-1, 1] with one-hot labels; the same seed gives the same batch. */
export function stripedImages(count: number, seed: number): { images: tf.Tensor4D; labels: tf.Tensor2D } {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pixels = new Float32Array(count * 32 * 32 * 3);
  const classes: number[] = [];
  for (let image = 0; image < count; image++) {
    const label = Math.floor(random() * 10);
    classes.push(label);
    const angle = (label * Math.PI) / 10;
    const phase = random() * Math.PI * 2;
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const stripe = Math.sin(0.6 * (x * Math.cos(angle) + y * Math.sin(angle)) + phase);
        for (let channel = 0; channel < 3; channel++) {
          pixels[((image * 32 + y) * 32 + x) * 3 + channel] = 0.8 * stripe + 0.2 * (random() * 2 - 1);
        }
      }
    }
  }
  return {
    images: tf.tensor4d(pixels, [count, 32, 32, 3]),
    labels: tf.tidy(() => tf.oneHot(tf.tensor1d(classes, 'int32'), 10) as tf.Tensor2D),
  };
}
