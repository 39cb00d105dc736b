/**
 * Exercise: break it on purpose, read the error, fix it.
 *
 * PyTorch's Conv2d wants images as [batch, channels, height, width] (NCHW); TensorFlow.js's conv2d wants
 * [batch, height, width, channels] (NHWC). Feeding one layout to the other is a classic mistake, and the
 * error it causes is the same on every backend. Do three things: cause it, read it, fix it.
 */
import * as tf from '@tensorflow/tfjs';
import type { Lab } from '../api';
import { filter, photosNCHW } from './photos.ts';

/**
 * 1. Break it: pass the NCHW photos to tf.conv2d(photos, filter, 1, 'valid') as they are, catch the
 *    error, and return its message. Dispose every tensor you make.
 */
export function breakIt(): string {
  // TODO
  return '';
}

/** What an error message of conv2d says, word by word. */
export interface Reading {
  /** The operation that refused the input. */
  operation: string;
  /** The depth (number of channels) the message says the input has. */
  inputDepth: number;
  /** The depth the filter expects. */
  filterDepth: number;
}

/**
 * 2. Read it: take these three facts out of a message like the one breakIt returns. The check also gives
 *    it messages from other shapes, so read them from the text rather than typing them in.
 */
export function readError(message: string): Reading {
  const operation = /Error in (\w+)/.exec(message)?.[1] ?? '';
  // TODO: read the two depths from the message as well.
  return { operation, inputDepth: 0, filterDepth: 0 };
}

/** 3. Fix it: the same photos laid out NHWC, [8, 32, 32, 3]. */
export function toChannelsLast(photos: tf.Tensor4D): tf.Tensor4D {
  // TODO
  return photos;
}

export default async function main(lab: Lab) {
  const message = breakIt();
  lab.log(`The error: ${message}`);
  const reading = readError(message);
  lab.log(`Read as: operation ${reading.operation}, input depth ${reading.inputDepth}, filter depth ${reading.filterDepth}`);

  const photos = photosNCHW();
  const weights = filter();
  const nhwc = toChannelsLast(photos);
  const features = tf.conv2d(nhwc, weights, 1, 'valid');
  lab.log(`Fixed: features of shape [${features.shape.join(', ')}]`);
  tf.dispose([photos, weights, nhwc, features]);
  await tf.nextFrame();
}
