/**
 * Loads the CIFAR-10 chunks from disk in Node (tests, `npm run bench`): reads manifest.json and only the
 * leading chunks needed, verifies each against the manifest, and decodes JPEGs with jpeg-js, which
 * needs no canvas. The browser reads the same chunks with the same module (labs/api/cifar10-chunks.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { IMAGE_SIZE, PIXELS_PER_IMAGE, type ImageSet } from '../../labs/api/cifar10.ts';
import {
  chunksFor,
  CifarDataError,
  MANIFEST_FILE,
  parseManifest,
  readChunk,
  rgbToImageSet,
  verifyChunk,
  type CifarManifest,
  type ChunkContents,
  type SplitName,
} from '../../labs/api/cifar10-chunks.ts';

export const DEFAULT_CIFAR10_DIR = 'public/data/cifar10';

export interface LoadCifar10Options {
  /** The folder with manifest.json and the chunks; default public/data/cifar10. */
  dir?: string;
  /** Training images to load, from the start of the split. */
  train: number;
  /** Test images to load, from the start of the split. */
  test: number;
}

export interface LoadedCifar10 {
  train: ImageSet;
  test: ImageSet;
  manifest: CifarManifest;
}

/** One JPEG to 32 × 32 × 3 bytes, R, G, B interleaved: formatAsRGBA false makes jpeg-js leave out alpha. */
export function decodeJpegRgb(bytes: Uint8Array, where: string): Uint8Array {
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
  } catch (error) {
    throw new CifarDataError(
      `${where} is not a readable JPEG (${error instanceof Error ? error.message : String(error)}). Rebuild the chunks with \`npm run data:cifar10:pack\`.`,
    );
  }
  if (decoded.width !== IMAGE_SIZE || decoded.height !== IMAGE_SIZE || decoded.data.length !== PIXELS_PER_IMAGE) {
    throw new CifarDataError(
      `${where} is ${decoded.width}×${decoded.height}, not ${IMAGE_SIZE}×${IMAGE_SIZE}. Rebuild the chunks with \`npm run data:cifar10:pack\`.`,
    );
  }
  return decoded.data;
}

async function readManifest(dir: string): Promise<CifarManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new CifarDataError(
      `${file} is missing. Run \`npm run data:cifar10:pack\` to build the CIFAR-10 chunks (or check out public/data/cifar10/ again).`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CifarDataError(
      `${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}). Rebuild it with \`npm run data:cifar10:pack\`.`,
    );
  }
  return parseManifest(json, file);
}

/** The first `count` images of a split: labels and interleaved RGB bytes, decoded chunk by chunk. */
async function loadSplit(dir: string, manifest: CifarManifest, split: SplitName, count: number): Promise<ImageSet> {
  const labels = new Uint8Array(count);
  const rgb = new Uint8Array(count * PIXELS_PER_IMAGE);
  let filled = 0;
  for (const entry of chunksFor(manifest, split, count)) {
    const file = path.join(dir, entry.file);
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch {
      throw new CifarDataError(
        `${file} is missing, but ${MANIFEST_FILE} lists it. Rebuild the chunks with \`npm run data:cifar10:pack\`.`,
      );
    }
    await verifyChunk(bytes, { ...entry, file });
    const contents: ChunkContents = readChunk(bytes, { file });
    if (contents.encoding !== manifest.encoding) {
      throw new CifarDataError(
        `${file} holds ${contents.encoding} images, but ${MANIFEST_FILE} says ${manifest.encoding}. Rebuild the chunks with \`npm run data:cifar10:pack\`.`,
      );
    }
    const take = Math.min(entry.count, count - filled);
    labels.set(contents.labels.subarray(0, take), filled);
    if (contents.rgb) {
      rgb.set(contents.rgb.subarray(0, take * PIXELS_PER_IMAGE), filled * PIXELS_PER_IMAGE);
    } else {
      const jpegs = contents.jpegs ?? [];
      for (let index = 0; index < take; index++) {
        rgb.set(decodeJpegRgb(jpegs[index], `${file}, image ${index}`), (filled + index) * PIXELS_PER_IMAGE);
      }
    }
    filled += take;
  }
  return rgbToImageSet(rgb, labels);
}

/**
 * The first `train` training and `test` test images of the chunk set in `dir`, as NHWC float32 in
 * [-1, 1]. Throws CifarDataError naming the file for a missing, damaged or mismatched chunk or manifest.
 */
export async function loadCifar10FromDisk({
  dir = DEFAULT_CIFAR10_DIR,
  train,
  test,
}: LoadCifar10Options): Promise<LoadedCifar10> {
  const manifest = await readManifest(dir);
  return {
    train: await loadSplit(dir, manifest, 'train', train),
    test: await loadSplit(dir, manifest, 'test', test),
    manifest,
  };
}
