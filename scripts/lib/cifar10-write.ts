/**
 * Writes a CIFAR-10 chunk set (chunk files + manifest.json) into a folder, replacing the set that was
 * there. Shared by the JPEG pack script and the official-archive importer, which write the same format.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FILE, type BuiltChunk, type CifarManifest } from '../../labs/api/cifar10-chunks.ts';

/** Files of a previous set: chunks, the manifest, and the train.bin/test.bin/meta.json of the old importer. */
const DATA_SET_FILE = /^(?:(?:train|test)(?:-\d+)?\.bin|manifest\.json|meta\.json)$/;

export interface WrittenSet {
  /** Paths written, chunks first, manifest last. */
  files: string[];
  /** Bytes of all chunks. */
  bytes: number;
  /** Names of files of the previous set that were deleted. */
  replaced: string[];
}

export async function writeChunkSet(outDir: string, manifest: CifarManifest, chunks: readonly BuiltChunk[]): Promise<WrittenSet> {
  await mkdir(outDir, { recursive: true });
  // A stale chunk that the new manifest does not list would still be deployed with the site.
  const replaced = (await readdir(outDir)).filter((name) => DATA_SET_FILE.test(name)).sort();
  await Promise.all(replaced.map((name) => rm(path.join(outDir, name))));
  const files: string[] = [];
  for (const chunk of chunks) {
    const file = path.join(outDir, chunk.entry.file);
    await writeFile(file, chunk.bytes);
    files.push(file);
  }
  // Written last: a folder with a manifest always has every chunk it lists.
  const manifestPath = path.join(outDir, MANIFEST_FILE);
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  files.push(manifestPath);
  return { files, bytes: chunks.reduce((sum, chunk) => sum + chunk.bytes.length, 0), replaced };
}
