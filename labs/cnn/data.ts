/**
 * The CNN lab's images: real CIFAR-10 as the site ships it (JPEG chunks listed in
 * data/cifar10/manifest.json), or, when you choose it, the seeded synthetic set for offline experiments.
 *
 * Only the chunks a run needs are downloaded; each is checked against the manifest (length, SHA-256,
 * image count) before use and kept by the browser, so the next run downloads nothing. Either way every
 * backend gets the very same arrays, and the output says which data it was.
 */
import type { Lab } from '../api';
import {
  CIFAR10_CITATION,
  chunksFor,
  parseManifest,
  readChunk,
  rgbToImageSet,
  verifyChunk,
  type CifarManifest,
  type SplitName,
} from '../api/cifar10-chunks.ts';
import { IMAGE_SIZE, PIXELS_PER_IMAGE, type ImageSet } from '../api/cifar10.ts';
import { syntheticCifar } from './synthetic.ts';

/** 'cifar10': the real images (the default); 'synthetic': generated, CIFAR-shaped, no download. */
export type DataChoice = 'cifar10' | 'synthetic';

export interface BenchmarkData {
  train: ImageSet;
  test: ImageSet;
  /** 'CIFAR-10' or 'synthetic (CIFAR-shaped)': printed next to every accuracy. */
  source: string;
}

const MANIFEST_PATH = 'cifar10/manifest.json';

/** The first `count` images of a split: downloads, checks and decodes just the chunks that hold them. */
async function loadSplit(lab: Lab, manifest: CifarManifest, split: SplitName, count: number): Promise<ImageSet> {
  const rgb = new Uint8Array(count * PIXELS_PER_IMAGE);
  const labels = new Uint8Array(count);
  let filled = 0;
  for (const entry of chunksFor(manifest, split, count)) {
    const bytes = await lab.fetchData(`cifar10/${entry.file}`, { sha256: entry.sha256, bytes: entry.bytes });
    await verifyChunk(bytes, entry);
    const contents = readChunk(bytes, entry);
    // From the last chunk, only as many images as the run asked for.
    const take = Math.min(entry.count, count - filled);
    const pixels = contents.jpegs
      ? await lab.decodeImages(contents.jpegs.slice(0, take), {
          width: IMAGE_SIZE,
          height: IMAGE_SIZE,
          label: `Decoding ${entry.file}`,
        })
      : (contents.rgb as Uint8Array).subarray(0, take * PIXELS_PER_IMAGE);
    rgb.set(pixels, filled * PIXELS_PER_IMAGE);
    labels.set(contents.labels.subarray(0, take), filled);
    filled += take;
  }
  return rgbToImageSet(rgb, labels);
}

export async function loadBenchmarkData(
  lab: Lab,
  choice: DataChoice,
  trainImages: number,
  testImages: number,
  seed: number,
): Promise<BenchmarkData> {
  if (choice === 'synthetic') {
    return {
      train: syntheticCifar(trainImages, seed),
      test: syntheticCifar(testImages, seed + 1),
      source: 'synthetic (CIFAR-shaped)',
    };
  }
  const manifestBytes = await lab.fetchData(MANIFEST_PATH, { label: 'Downloading the CIFAR-10 manifest' });
  const manifest = parseManifest(JSON.parse(new TextDecoder().decode(manifestBytes)), 'data/cifar10/manifest.json');
  lab.log(`CIFAR-10: ${manifest.description} (${CIFAR10_CITATION}).`);
  const train = await loadSplit(lab, manifest, 'train', trainImages);
  const test = await loadSplit(lab, manifest, 'test', testImages);
  return { train, test, source: manifest.encoding === 'jpeg' ? 'CIFAR-10 (JPEG copy)' : 'CIFAR-10' };
}
