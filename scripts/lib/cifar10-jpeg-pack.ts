/**
 * Turns the JPEG copy of CIFAR-10 into the chunks and manifest the site ships (format:
 * labs/api/cifar10-chunks.ts). Deterministic: the same source gives the same bytes on every run.
 *
 * Chunk k of a split takes the k-th 500 files (sorted by name) of every class, so each chunk holds 500
 * images per class: train-00 … train-09 and test-00, test-01, 5,000 images each. Within a chunk the
 * order is a seeded, stratified shuffle: every run of 10 images holds one image of each class, in a
 * random order, so the first N images of a chunk are as balanced as N allows.
 */
import { CLASS_NAMES, NUM_CLASSES } from '../../labs/api/cifar10.ts';
import {
  buildChunk,
  CIFAR10_CITATION,
  splitOf,
  SPLIT_NAMES,
  type BuiltChunk,
  type ChunkEntry,
  type CifarManifest,
  type SplitName,
} from '../../labs/api/cifar10-chunks.ts';
import { seededRandom } from '../../labs/api/seeded-random.ts';
import { JPEG_COPY_URL, type JpegSource, type SourceJpeg } from './cifar10-jpeg-source.ts';

export const IMAGES_PER_CLASS_PER_CHUNK = 500;
/** Images per class in the JPEG copy, as in the official release. */
export const JPEG_COPY_PER_CLASS = { train: 5000, test: 1000 } as const satisfies Record<SplitName, number>;
/** Changing it changes every chunk's bytes and checksum. */
const SHUFFLE_SEED = { train: 1000, test: 2000 } as const satisfies Record<SplitName, number>;

export const JPEG_COPY_DESCRIPTION = `CIFAR-10 as the public JPEG copy from ${JPEG_COPY_URL.replace('https://', '')}: each image is the 32×32 JPEG file exactly as published there (lossy, so pixels differ slightly from the official binary release).`;

export interface PlannedChunk {
  split: SplitName;
  file: string;
  /** The chunk's images in the order they are written. */
  images: SourceJpeg[];
}

/** Shuffles in place, Fisher–Yates, drawing from `random`. */
function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** Which file goes where; `files` is a source's list(), sorted by path. */
export function planJpegChunks(files: readonly SourceJpeg[]): PlannedChunk[] {
  const plan: PlannedChunk[] = [];
  for (const split of SPLIT_NAMES) {
    const byClass = CLASS_NAMES.map((_, label) => files.filter((file) => file.split === split && file.label === label));
    byClass.forEach((classFiles, label) => {
      if (classFiles.length !== JPEG_COPY_PER_CLASS[split]) {
        throw new Error(
          `${split}/${CLASS_NAMES[label]}/ has ${classFiles.length} JPEGs where the CIFAR-10 JPEG copy has ${JPEG_COPY_PER_CLASS[split]}. Is the source complete?`,
        );
      }
    });
    const chunkCount = JPEG_COPY_PER_CLASS[split] / IMAGES_PER_CLASS_PER_CHUNK;
    for (let k = 0; k < chunkCount; k++) {
      const random = seededRandom(SHUFFLE_SEED[split] + k);
      const classSlices = byClass.map((classFiles) =>
        shuffle(classFiles.slice(k * IMAGES_PER_CLASS_PER_CHUNK, (k + 1) * IMAGES_PER_CLASS_PER_CHUNK), random),
      );
      const images: SourceJpeg[] = [];
      for (let round = 0; round < IMAGES_PER_CLASS_PER_CHUNK; round++) {
        const order = shuffle(
          Array.from({ length: NUM_CLASSES }, (_, label) => label),
          random,
        );
        for (const label of order) images.push(classSlices[label]?.[round]);
      }
      plan.push({ split, file: `${split}-${String(k).padStart(2, '0')}.bin`, images });
    }
  }
  return plan;
}

export interface PackedChunk extends BuiltChunk {
  /** Where each image came from, in chunk order. */
  images: SourceJpeg[];
}

/** Reads the source and builds every chunk and the manifest in memory (about 55 MB). */
export async function packJpegChunks(source: JpegSource): Promise<{ manifest: CifarManifest; chunks: PackedChunk[] }> {
  const plan = planJpegChunks(await source.list());
  const chunks: PackedChunk[] = [];
  for (const planned of plan) {
    const jpegs = await source.read(planned.images);
    const { entry, bytes } = await buildChunk(
      planned.file,
      'jpeg',
      planned.images.map((image, index) => ({ label: image.label, bytes: jpegs[index] })),
    );
    chunks.push({ entry, bytes, images: planned.images });
  }
  const splitChunks = (split: SplitName): ChunkEntry[] =>
    chunks.filter((_, index) => plan[index]?.split === split).map((chunk) => chunk.entry);
  const manifest: CifarManifest = {
    version: 1,
    dataset: 'CIFAR-10',
    description: JPEG_COPY_DESCRIPTION,
    citation: CIFAR10_CITATION,
    encoding: 'jpeg',
    classes: [...CLASS_NAMES],
    splits: { train: splitOf(splitChunks('train')), test: splitOf(splitChunks('test')) },
  };
  return { manifest, chunks };
}
