/**
 * CIFAR-10 in its official binary format ("cifar-10-batches-bin").
 *
 * Each image is one record of 3,073 bytes: a label byte (0–9), then 3,072 pixel bytes as three 32×32
 * planes, all the red values row by row, then all the green, then all the blue. TensorFlow.js wants
 * images as [height, width, channels] ("NHWC"), so the planes are interleaved while loading. Pixels are
 * scaled to [-1, 1], which is what the project's transform Normalize(mean 0.5, std 0.5) does.
 */
export const IMAGE_SIZE = 32;
export const CHANNELS = 3;
export const PIXELS_PER_IMAGE = IMAGE_SIZE * IMAGE_SIZE * CHANNELS;
export const RECORD_BYTES = 1 + PIXELS_PER_IMAGE;
export const NUM_CLASSES = 10;
export const CLASS_NAMES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'] as const;

/** Images as NHWC float32 in [-1, 1] and their labels; plain arrays, so no tensors to dispose. */
export interface ImageSet {
  /** count × 32 × 32 × 3 values. */
  images: Float32Array;
  /** count labels, 0–9. */
  labels: Uint8Array;
  count: number;
}

/** Thrown for bytes that are not CIFAR-10 records; the message says what is wrong and what to do. */
export class CifarFormatError extends Error {
  override name = 'CifarFormatError';
}

/**
 * Parses records in the official binary format. `source` names the data in error messages.
 * Throws CifarFormatError when the length is not a whole number of records or a label is not 0–9.
 */
export function parseCifarRecords(bytes: Uint8Array, source = 'the data'): ImageSet {
  if (bytes.length === 0 || bytes.length % RECORD_BYTES !== 0) {
    throw new CifarFormatError(
      `${source} has ${bytes.length} bytes, which is not a whole number of ${RECORD_BYTES}-byte CIFAR-10 records: it is truncated or not CIFAR-10 binary data.`,
    );
  }
  const count = bytes.length / RECORD_BYTES;
  const images = new Float32Array(count * PIXELS_PER_IMAGE);
  const labels = new Uint8Array(count);
  const plane = IMAGE_SIZE * IMAGE_SIZE;
  for (let record = 0; record < count; record++) {
    const start = record * RECORD_BYTES;
    const label = bytes[start];
    if (label >= NUM_CLASSES) {
      throw new CifarFormatError(
        `${source}: record ${record} has label ${label}; CIFAR-10 labels are 0 to 9, so the data is corrupt.`,
      );
    }
    labels[record] = label;
    const out = record * PIXELS_PER_IMAGE;
    for (let pixel = 0; pixel < plane; pixel++) {
      for (let channel = 0; channel < CHANNELS; channel++) {
        const value = bytes[start + 1 + channel * plane + pixel];
        images[out + pixel * CHANNELS + channel] = value / 127.5 - 1;
      }
    }
  }
  return { images, labels, count };
}
