/**
 * A wrong answer the tests use (never shown): it makes the error go away with a reshape, which gives the
 * right shape but scrambles the pixels, and it reads the depths the wrong way round.
 */
import * as tf from '@tensorflow/tfjs';
import type { Lab } from '../api';
import { filter, photosNCHW } from './photos.ts';

export function breakIt(): string {
  const photos = photosNCHW();
  const weights = filter();
  try {
    return tf.conv2d(photos, weights, 1, 'valid').shape.join();
  } catch (error) {
    return (error as Error).message;
  } finally {
    tf.dispose([photos, weights]);
  }
}

/** Reads the two depths, but the wrong way round. */
export function readError(message: string) {
  const [first, second] = (message.match(/\d+/g) ?? []).slice(-2).map(Number);
  return { operation: /Error in (\w+)/.exec(message)?.[1] ?? '', inputDepth: second, filterDepth: first };
}

export function toChannelsLast(photos: tf.Tensor4D): tf.Tensor4D {
  return photos.reshape([8, 32, 32, 3]);
}

export default function main(lab: Lab) {
  lab.log(breakIt());
}
