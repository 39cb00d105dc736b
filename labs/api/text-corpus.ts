/**
 * The transformer lab's text: Tiny Shakespeare, one plain-text file shipped in public/data/tiny-shakespeare/
 * with a manifest that pins its length and SHA-256 (like the CIFAR-10 chunks), read as characters.
 *
 * A character-level vocabulary keeps the model honest and small: 65 symbols, no tokenizer to download,
 * and every generated character shows at once whether the model has learned spelling yet. The split is
 * the usual one for this text: the first 90 % trains, the last 10 % validates, so the validation loss
 * measures lines the model never saw.
 *
 * Pure and without the DOM: the lab reads it in the worker, Vitest and the benchmarks in Node, and the
 * service worker's integration lists the file for the offline copy.
 */
import { Fields } from './json-fields.ts';

/** The manifest's path under the site's data/ folder. */
export const TEXT_MANIFEST_PATH = 'tiny-shakespeare/manifest.json';

export class TextManifestError extends Error {
  constructor(message: string) {
    super(`tiny-shakespeare/manifest.json: ${message}`);
    this.name = 'TextManifestError';
  }
}

export interface TextManifest {
  version: 1;
  dataset: string;
  /** Where the text comes from and its licence, shown on the page. */
  credit: string;
  /** The text file, relative to the manifest's folder. */
  file: string;
  bytes: number;
  sha256: string;
  /** The share of the text, from its start, that trains; the rest validates. */
  trainFraction: number;
}

/** Reads the manifest field by field; a wrong field throws a TextManifestError naming it. */
export function parseTextManifest(json: unknown): TextManifest {
  const fields = new Fields(json, '', (message) => new TextManifestError(message), 'an object');
  const version = fields.number('version', { min: 1, max: 1, integer: true });
  const file = fields.string('file');
  if (!/^[\w.-]+$/.test(file)) fields.wrong('file', 'a file name in the same folder, such as "input.txt"', file);
  const sha256 = fields.string('sha256');
  if (!/^[0-9a-f]{64}$/.test(sha256)) fields.wrong('sha256', '64 lowercase hexadecimal digits', sha256);
  return {
    version: version as 1,
    dataset: fields.string('dataset'),
    credit: fields.string('credit', 600),
    file,
    bytes: fields.number('bytes', { min: 1, integer: true }),
    sha256,
    trainFraction: fields.number('trainFraction', { min: 0.5, max: 0.99 }),
  };
}

/** The path of the manifest's text file under the data/ folder. */
export function textFilePath(manifest: TextManifest): string {
  return `${TEXT_MANIFEST_PATH.slice(0, TEXT_MANIFEST_PATH.lastIndexOf('/') + 1)}${manifest.file}`;
}

/**
 * Distinct characters in Tiny Shakespeare: the sweep, which trains on random characters without loading the
 * text, uses it to build models of the same size (tests/unit/text-corpus.test.ts pins it against the text).
 */
export const TINY_SHAKESPEARE_CHARACTERS = 65;

/** A character vocabulary: each distinct character of the text, in code-point order, and its index. */
export interface Vocabulary {
  characters: readonly string[];
  indexOf: ReadonlyMap<string, number>;
}

export function characterVocabulary(text: string): Vocabulary {
  const characters = [...new Set(text)].sort();
  return { characters, indexOf: new Map(characters.map((character, index) => [character, index])) };
}

/** The text as vocabulary indices; a character outside the vocabulary throws, naming it and where. */
export function encodeText(text: string, vocabulary: Vocabulary): Uint16Array {
  const tokens = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const index = vocabulary.indexOf.get(text[i]);
    if (index === undefined) throw new RangeError(`Character ${JSON.stringify(text[i])} at ${i} is not in the vocabulary.`);
    tokens[i] = index;
  }
  return tokens;
}

export function decodeTokens(tokens: ArrayLike<number>, vocabulary: Vocabulary): string {
  return Array.from(tokens, (token) => vocabulary.characters[token] ?? '?').join('');
}

/** The training and validation parts of the encoded text, split at `trainFraction`. */
export function splitTokens(tokens: Uint16Array, trainFraction: number): { train: Uint16Array; validation: Uint16Array } {
  const cut = Math.floor(tokens.length * trainFraction);
  return { train: tokens.subarray(0, cut), validation: tokens.subarray(cut) };
}

/** One batch of next-character examples: `inputs[b][t]` is followed by `targets[b][t]`. Row-major, batch × context. */
export interface TokenBatch {
  batchSize: number;
  context: number;
  inputs: Int32Array;
  targets: Int32Array;
}

/** Draws `batchSize` windows of `context + 1` characters at random starts: the inputs, and the same shifted by one. */
export function sampleBatch(tokens: Uint16Array, batchSize: number, context: number, random: () => number): TokenBatch {
  if (tokens.length <= context + 1)
    throw new RangeError(`The text (${tokens.length} characters) is shorter than one window of ${context + 1}.`);
  const inputs = new Int32Array(batchSize * context);
  const targets = new Int32Array(batchSize * context);
  for (let b = 0; b < batchSize; b++) {
    const start = Math.floor(random() * (tokens.length - context - 1));
    for (let t = 0; t < context; t++) {
      inputs[b * context + t] = tokens[start + t];
      targets[b * context + t] = tokens[start + t + 1];
    }
  }
  return { batchSize, context, inputs, targets };
}
