/**
 * The benchmark's images: the slice of real CIFAR-10 the site serves, when it has been imported
 * (`npm run data:cifar10`), otherwise the seeded synthetic set. Either way every backend gets the very
 * same arrays, and the output says which data it was.
 */
import { parseCifarRecords, RECORD_BYTES, type ImageSet } from './cifar10.ts';
import { syntheticCifar } from './synthetic.ts';

export interface BenchmarkData {
  train: ImageSet;
  test: ImageSet;
  /** 'CIFAR-10' or 'synthetic (CIFAR-shaped)': printed next to every accuracy. */
  source: string;
}

/** Where the site serves imported CIFAR-10: data/cifar10/ at the site root, next to the lab worker's folder. */
function cifarUrl(file: string): URL | null {
  const here = (globalThis as { location?: { href: string } }).location?.href;
  if (!here || !here.startsWith('http')) return null;
  return new URL(`../data/cifar10/${file}`, here);
}

/** The first `count` records of a served .bin file; asks for just those bytes, and copes with servers that send all. */
async function fetchRecords(file: string, count: number): Promise<ImageSet | null> {
  const url = cifarUrl(file);
  if (!url) return null;
  const bytesWanted = count * RECORD_BYTES;
  const response = await fetch(url, { headers: { Range: `bytes=0-${bytesWanted - 1}` } });
  if (!response.ok) return null;
  const bytes = new Uint8Array(await response.arrayBuffer());
  const whole = Math.floor(Math.min(bytes.length, bytesWanted) / RECORD_BYTES) * RECORD_BYTES;
  return whole > 0 ? parseCifarRecords(bytes.subarray(0, whole), file) : null;
}

export async function loadBenchmarkData(trainImages: number, testImages: number, seed: number): Promise<BenchmarkData> {
  try {
    const meta = cifarUrl('meta.json');
    if (meta && (await fetch(meta)).ok) {
      const [train, test] = await Promise.all([fetchRecords('train.bin', trainImages), fetchRecords('test.bin', testImages)]);
      if (train && test) return { train, test, source: 'CIFAR-10' };
    }
  } catch {
    // No server, or no imported data set: the synthetic set below is the documented fallback.
  }
  return { train: syntheticCifar(trainImages, seed), test: syntheticCifar(testImages, seed + 1), source: 'synthetic (CIFAR-shaped)' };
}
