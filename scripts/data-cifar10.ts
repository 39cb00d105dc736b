/**
 * npm run data:cifar10 -- [--archive PATH] [--train N] [--test M]
 *
 * Imports CIFAR-10 for the CNN lab. With --archive, reads a cifar-10-binary.tar.gz you already have.
 * Without it, downloads the archive from its official address (needs internet). Writes a compact
 * subset to public/data/cifar10/ (rebuild or restart `npm start` to serve it); without it the lab
 * trains on its built-in synthetic data set, and says so.
 */
import { parseArgs } from 'node:util';
import { createWriteStream } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { importCifar10, OFFICIAL_ARCHIVE_URL } from './cifar10-import.ts';

const { values } = parseArgs({
  options: {
    archive: { type: 'string' },
    train: { type: 'string', default: '5000' },
    test: { type: 'string', default: '1000' },
    out: { type: 'string', default: 'public/data/cifar10' },
  },
});

async function download(): Promise<string> {
  const target = path.join(await mkdtemp(path.join(tmpdir(), 'cifar10-')), 'cifar-10-binary.tar.gz');
  process.stdout.write(`Downloading ${OFFICIAL_ARCHIVE_URL} (about 162 MB)…\n`);
  let response: Response;
  try {
    response = await fetch(OFFICIAL_ARCHIVE_URL);
  } catch (error) {
    throw new Error(`Could not download CIFAR-10 (${error instanceof Error ? error.message : String(error)}). Offline? Download cifar-10-binary.tar.gz elsewhere and pass --archive PATH.`);
  }
  if (!response.ok || !response.body) throw new Error(`Downloading CIFAR-10 failed with HTTP ${response.status}. Pass --archive PATH to use a local copy.`);
  await pipeline(Readable.fromWeb(response.body), createWriteStream(target));
  return target;
}

try {
  const archive = values.archive ?? (await download());
  const result = await importCifar10({ archive, train: Number(values.train), test: Number(values.test), outDir: values.out as string });
  process.stdout.write(`Imported ${result.train} training and ${result.test} test images (${(result.bytes / 1e6).toFixed(1)} MB) into ${values.out}/.\n`);
} catch (error) {
  process.stderr.write(`data:cifar10: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
