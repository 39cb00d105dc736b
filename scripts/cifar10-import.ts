/**
 * Imports the official CIFAR-10 binary archive (cifar-10-binary.tar.gz) into the chunk format the site
 * ships (labs/api/cifar10-chunks.ts), with encoding "raw": each chunk holds at most 3,000 official
 * records (1 label byte + 3,072 planar pixel bytes, about 9.2 MB), so pixels are exactly as released.
 * It replaces the chunk set in the output folder, by default the JPEG chunks the repository ships in
 * public/data/cifar10/ (`git checkout public/data/cifar10` or `npm run data:cifar10:pack` brings those
 * back). Build-time code: runs in Node, never in the browser.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Parser, type ReadEntry } from 'tar';
import { CLASS_NAMES, RECORD_BYTES, parseCifarRecords } from '../labs/api/cifar10.ts';
import {
  buildChunk,
  CIFAR10_CITATION,
  splitOf,
  type BuiltChunk,
  type ChunkEntry,
  type CifarManifest,
  type SplitName,
} from '../labs/api/cifar10-chunks.ts';
import { writeChunkSet } from './lib/cifar10-write.ts';

export const OFFICIAL_ARCHIVE_URL = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';
const TRAIN_FILES = [1, 2, 3, 4, 5].map((n) => `data_batch_${n}.bin`);
const TEST_FILE = 'test_batch.bin';
/** Records per chunk: 3,000 × 3,073 bytes stays under 10 MB, a comfortable size for one download. */
export const RAW_RECORDS_PER_CHUNK = 3000;

export interface ImportOptions {
  /** Path of cifar-10-binary.tar.gz on disk. */
  archive: string;
  /** Training images to keep (at most 50,000). */
  train: number;
  /** Test images to keep (at most 10,000). */
  test: number;
  /** Where to write the chunks and manifest.json; the chunk set already there is replaced. */
  outDir: string;
}

export interface ImportResult {
  train: number;
  test: number;
  /** Bytes of all chunks written. */
  bytes: number;
  /** Paths written, manifest.json last. */
  files: string[];
  /** Names of the previous set's files that were deleted (e.g. the shipped JPEG chunks). */
  replaced: string[];
  manifest: CifarManifest;
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
    throw new Error(
      `Could not read ${archive}: ${reason}. The archive is truncated or corrupt; download cifar-10-binary.tar.gz again.`,
      { cause: error },
    );
  }
  return found;
}

/** Official records, RAW_RECORDS_PER_CHUNK to a chunk, in their archive order: <split>-00.bin, -01.bin, … */
async function rawChunks(split: SplitName, records: Buffer): Promise<BuiltChunk[]> {
  const chunks: BuiltChunk[] = [];
  const count = records.length / RECORD_BYTES;
  for (let first = 0; first < count; first += RAW_RECORDS_PER_CHUNK) {
    const images = [];
    for (let index = first; index < Math.min(count, first + RAW_RECORDS_PER_CHUNK); index++) {
      const record = records.subarray(index * RECORD_BYTES, (index + 1) * RECORD_BYTES);
      images.push({ label: record[0], bytes: record.subarray(1) });
    }
    const file = `${split}-${String(first / RAW_RECORDS_PER_CHUNK).padStart(2, '0')}.bin`;
    chunks.push(await buildChunk(file, 'raw', images));
  }
  return chunks;
}

export async function importCifar10(options: ImportOptions): Promise<ImportResult> {
  if (!Number.isInteger(options.train) || options.train < 1 || options.train > 50_000)
    throw new Error(`--train must be a whole number from 1 to 50000, not ${options.train}.`);
  if (!Number.isInteger(options.test) || options.test < 1 || options.test > 10_000)
    throw new Error(`--test must be a whole number from 1 to 10000, not ${options.test}.`);

  const batches = await readBatches(options.archive, new Set([...TRAIN_FILES, TEST_FILE]));

  /** The first `count` records of the named files, in order, each file validated as it is used. */
  const take = (names: string[], count: number): Buffer => {
    const used: Buffer[] = [];
    let records = 0;
    for (const name of names) {
      if (records >= count) break;
      const batch = batches.get(name);
      if (!batch) {
        throw new Error(
          `${options.archive} has no cifar-10-batches-bin/${name}. Is it the binary version (cifar-10-binary.tar.gz), not the Python or MATLAB one?`,
        );
      }
      records += parseCifarRecords(batch, `${options.archive}: ${name}`).count;
      used.push(batch);
    }
    if (records < count) throw new Error(`${options.archive} holds only ${records} images where ${count} were asked for.`);
    return Buffer.concat(used).subarray(0, count * RECORD_BYTES);
  };

  const trainChunks = await rawChunks('train', take(TRAIN_FILES, options.train));
  const testChunks = await rawChunks('test', take([TEST_FILE], options.test));
  const entries = (chunks: BuiltChunk[]): ChunkEntry[] => chunks.map((chunk) => chunk.entry);
  const manifest: CifarManifest = {
    version: 1,
    dataset: 'CIFAR-10',
    description: `CIFAR-10 from the official binary archive (${path.basename(options.archive)}, https://www.cs.toronto.edu/~kriz/cifar.html): the first ${options.train} records of data_batch_1…5 and the first ${options.test} of test_batch, pixels exactly as released.`,
    citation: CIFAR10_CITATION,
    encoding: 'raw',
    classes: [...CLASS_NAMES],
    splits: { train: splitOf(entries(trainChunks)), test: splitOf(entries(testChunks)) },
  };
  const written = await writeChunkSet(options.outDir, manifest, [...trainChunks, ...testChunks]);
  return {
    train: options.train,
    test: options.test,
    bytes: written.bytes,
    files: written.files,
    replaced: written.replaced,
    manifest,
  };
}
