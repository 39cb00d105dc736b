/**
 * Imports the official CIFAR-10 binary archive (cifar-10-binary.tar.gz) into the compact subset the
 * CNN lab loads from the site: public/data/cifar10/{train.bin,test.bin,meta.json}. The .bin files keep
 * the official record format (1 label byte + 3,072 planar pixel bytes), so the lab uses one parser for
 * both. Build-time code: runs in Node, never in the browser.
 */
import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Parser, type ReadEntry } from 'tar';
import { CLASS_NAMES, RECORD_BYTES, parseCifarRecords } from '../labs/cnn/cifar10.ts';

export const OFFICIAL_ARCHIVE_URL = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';
const TRAIN_FILES = [1, 2, 3, 4, 5].map((n) => `data_batch_${n}.bin`);
const TEST_FILE = 'test_batch.bin';

export interface ImportOptions {
  /** Path of cifar-10-binary.tar.gz on disk. */
  archive: string;
  /** Training images to keep (at most 50,000). */
  train: number;
  /** Test images to keep (at most 10,000). */
  test: number;
  /** Where to write train.bin, test.bin and meta.json. */
  outDir: string;
}

export interface ImportResult {
  train: number;
  test: number;
  bytes: number;
  files: string[];
}

/** Reads the archive's batch files into memory (only the ones needed), by their base name. */
async function readBatches(archive: string, wanted: Set<string>): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  const parser = new Parser({
    onReadEntry: (entry: ReadEntry) => {
      const name = path.posix.basename(entry.path);
      if (entry.type !== 'File' || !wanted.has(name)) {
        entry.resume();
        return;
      }
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => found.set(name, Buffer.concat(chunks)));
    },
  });
  try {
    await pipeline(createReadStream(archive), createGunzip(), parser);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not read ${archive}: ${reason}. The archive is truncated or corrupt; download cifar-10-binary.tar.gz again.`);
  }
  return found;
}

export async function importCifar10(options: ImportOptions): Promise<ImportResult> {
  if (!Number.isInteger(options.train) || options.train < 1 || options.train > 50_000) throw new Error(`--train must be a whole number from 1 to 50000, not ${options.train}.`);
  if (!Number.isInteger(options.test) || options.test < 1 || options.test > 10_000) throw new Error(`--test must be a whole number from 1 to 10000, not ${options.test}.`);

  const batches = await readBatches(options.archive, new Set([...TRAIN_FILES, TEST_FILE]));

  /** The first `count` records of the named files, in order, each file validated as it is used. */
  const take = (names: string[], count: number): Buffer => {
    const used: Buffer[] = [];
    let records = 0;
    for (const name of names) {
      if (records >= count) break;
      const batch = batches.get(name);
      if (!batch) {
        throw new Error(`${options.archive} has no cifar-10-batches-bin/${name}. Is it the binary version (cifar-10-binary.tar.gz), not the Python or MATLAB one?`);
      }
      records += parseCifarRecords(batch, `${options.archive}: ${name}`).count;
      used.push(batch);
    }
    if (records < count) throw new Error(`${options.archive} holds only ${records} images where ${count} were asked for.`);
    return Buffer.concat(used).subarray(0, count * RECORD_BYTES);
  };

  const train = take(TRAIN_FILES, options.train);
  const test = take([TEST_FILE], options.test);
  await mkdir(options.outDir, { recursive: true });
  const files = ['train.bin', 'test.bin', 'meta.json'].map((name) => path.join(options.outDir, name));
  await writeFile(files[0] as string, train);
  await writeFile(files[1] as string, test);
  const meta = {
    format: 'cifar-10-binary records: 1 label byte + 3072 pixel bytes (R, G, B planes of 32x32)',
    source: path.basename(options.archive),
    train: options.train,
    test: options.test,
    classes: CLASS_NAMES,
    importedAt: new Date().toISOString(),
  };
  await writeFile(files[2] as string, `${JSON.stringify(meta, null, 2)}\n`);
  return { train: options.train, test: options.test, bytes: train.length + test.length, files };
}
