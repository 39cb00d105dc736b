/**
 * The lab API's data host in Node (Vitest, benchmarks): `lab.fetchData` reads the files the site would
 * serve from public/data/, and `lab.decodeImages` decodes with jpeg-js, a pure-JavaScript decoder, as
 * Node has no image decoder of its own.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { DataFileError, type DataHost } from '../../src/lab/worker/lab-data.ts';

export function createNodeDataHost(dataDir = path.resolve('public/data')): DataHost {
  return {
    async read(file, { onBytes }) {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(path.join(dataDir, file)));
      } catch {
        throw new DataFileError(
          `data/${file} is missing: there is no ${path.join(dataDir, file)}. Run \`npm run data:cifar10:pack\` to rebuild the data.`,
        );
      }
      onBytes(bytes.length, bytes.length);
      return bytes;
    },
    decodeImage(file) {
      const image = jpeg.decode(file, { useTArray: true, formatAsRGBA: true });
      return Promise.resolve({ width: image.width, height: image.height, rgba: image.data });
    },
  };
}
