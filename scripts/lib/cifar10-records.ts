/**
 * CIFAR-10 images back to the official binary records (a label byte, then the R, G and B planes of 1,024
 * bytes each), the format the PyTorch reference reads (scripts/pytorch/cnn_reference.py, `load_records`).
 * Used by `npm run bench` and by the test that runs the companion notebook on the course's own images.
 */
import { CHANNELS, IMAGE_SIZE, PIXELS_PER_IMAGE, RECORD_BYTES, type ImageSet } from '../../labs/api/cifar10.ts';

/** ImageSet (NHWC floats in [-1, 1]) to records: the bytes are exact, since value = byte / 127.5 - 1. */
export function toCifarRecords(set: ImageSet): Uint8Array {
  const out = new Uint8Array(set.count * RECORD_BYTES);
  const plane = IMAGE_SIZE * IMAGE_SIZE;
  for (let image = 0; image < set.count; image++) {
    const record = image * RECORD_BYTES;
    out[record] = set.labels[image];
    for (let pixel = 0; pixel < plane; pixel++) {
      for (let channel = 0; channel < CHANNELS; channel++) {
        const value = set.images[image * PIXELS_PER_IMAGE + pixel * CHANNELS + channel];
        out[record + 1 + channel * plane + pixel] = Math.round((value + 1) * 127.5);
      }
    }
  }
  return out;
}
