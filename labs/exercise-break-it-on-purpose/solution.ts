/**
 * Solution. The message is "Error in conv2d: depth of input (32) must match input depth for filter 3.":
 * conv2d read the last dimension of [8, 3, 32, 32], the width (32), as the channels, while the filter is
 * made for 3 channels. Moving the channel axis to the end with a transpose fixes it.
 */
import * as tf from '@tensorflow/tfjs';
import type { Lab } from '../api';
import { filter, photosNCHW } from './photos.ts';

/** 1. Break it: the NCHW photos fed to conv2d as they are; returns the error's message. */
export function breakIt(): string {
  const photos = photosNCHW();
  const weights = filter();
  try {
    tf.conv2d(photos, weights, 1, 'valid').dispose();
    return 'no error';
  } catch (error) {
    return (error as Error).message;
  } finally {
    tf.dispose([photos, weights]);
  }
}

/** What an error message of conv2d says, word by word. */
export interface Reading {
  operation: string;
  inputDepth: number;
  filterDepth: number;
}

/** 2. Read it: "Error in <operation>: depth of input (<input depth>) must match input depth for filter <filter depth>." */
export function readError(message: string): Reading {
  const match = /Error in (\w+): depth of input \((\d+)\) must match input depth for filter (\d+)/.exec(message);
  if (!match) throw new Error(`Not a conv2d depth error: ${message}`);
  return { operation: match[1], inputDepth: Number(match[2]), filterDepth: Number(match[3]) };
}

/** 3. Fix it: move the channel axis (1) to the end, giving [8, 32, 32, 3]. */
export function toChannelsLast(photos: tf.Tensor4D): tf.Tensor4D {
  return tf.transpose(photos, [0, 2, 3, 1]);
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
