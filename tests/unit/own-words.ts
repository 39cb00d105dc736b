import { createHash } from 'node:crypto';

/**
 * The "our own words" check: does a text share a run of RUN_LENGTH or more consecutive words with the
 * user's source notes (../shared/seeds)? The notes are not part of the repository, so the check works
 * from fingerprints: a hash of every RUN_LENGTH-word run of their prose, made by
 * scripts/seed-fingerprints.ts and stored in tests/fixtures/seed-8gram-hashes.json. The hashes cannot
 * be read back into text, yet any text can be cut into runs, hashed the same way and looked up.
 *
 * What counts as a word: a maximal run of letters and digits, lowercased, with inner apostrophes kept
 * ("don't", "you're"); everything else (punctuation, Markdown marks, emoji) separates words. Code does
 * not count: `inline code` and ``` fenced blocks ``` are skipped, and a run never bridges them, because
 * code, figures and product names may carry over from the notes; sentences may not.
 *
 * Pure apart from hashing with node:crypto, so it serves build scripts and tests, not browser code.
 */

/** How many consecutive shared words make a borrowed run. */
export const RUN_LENGTH = 8;

/** Hex digits of SHA-256 kept per fingerprint: 64 bits, ample to make accidental matches negligible. */
export const FINGERPRINT_HEX_DIGITS = 16;

/** One word of a text, with where it sits in the original string. */
export interface Word {
  word: string;
  /** Index of its first character in the text. */
  start: number;
  /** Index just past its last character. */
  end: number;
}

/** A stretch of a text whose every RUN_LENGTH-word window also occurs in the source notes. */
export interface BorrowedRun {
  /** The stretch as it is written in the text, from its first word to its last. */
  text: string;
  /** Number of words in the stretch (RUN_LENGTH or more). */
  words: number;
  start: number;
  end: number;
}

/** The file scripts/seed-fingerprints.ts writes. */
export interface FingerprintFile {
  /** Says what the file is, for a reader who opens it. */
  about: string;
  runLength: number;
  /** How each fingerprint is made, so a reader can reproduce one. */
  hash: string;
  /** Sorted, without duplicates. */
  fingerprints: string[];
}

const FENCED_BLOCK = /^[ \t]*(```|~~~)[^\n]*\n[\s\S]*?^[ \t]*\1[^\n]*$/gm;
const CODE_SPAN = /`[^`]+`/g;
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;

/** The prose of `text` as separate runs of words: code blocks and code spans cut it into pieces. */
export function proseSegments(text: string): Word[][] {
  // Blank out code with spaces of the same length, so word offsets still point into the original text,
  // and mark each cut with a character no word contains.
  const cut = (match: string) => `\u0000${' '.repeat(Math.max(0, match.length - 1))}`;
  const prose = text.replace(FENCED_BLOCK, cut).replace(CODE_SPAN, cut);
  const segments: Word[][] = [];
  let offset = 0;
  for (const piece of prose.split('\u0000')) {
    const words = [...piece.matchAll(WORD)].map((match) => ({
      word: match[0].toLowerCase().replace(/’/g, "'"),
      start: offset + match.index,
      end: offset + match.index + match[0].length,
    }));
    if (words.length > 0) segments.push(words);
    offset += piece.length + 1;
  }
  return segments;
}

/** The lowercase words of `text`'s prose, in order (code left out). */
export function proseWords(text: string): string[] {
  return proseSegments(text).flatMap((segment) => segment.map((word) => word.word));
}

/** The fingerprint of one run of words. */
export function fingerprint(words: readonly string[]): string {
  return createHash('sha256').update(words.join(' ')).digest('hex').slice(0, FINGERPRINT_HEX_DIGITS);
}

/** Fingerprints of every RUN_LENGTH-word run in the prose of `texts`, sorted and without duplicates. */
export function fingerprintsOf(texts: readonly string[]): string[] {
  const all = new Set<string>();
  for (const text of texts) {
    for (const segment of proseSegments(text)) {
      for (let first = 0; first + RUN_LENGTH <= segment.length; first += 1) {
        all.add(fingerprint(segment.slice(first, first + RUN_LENGTH).map((word) => word.word)));
      }
    }
  }
  return [...all].sort();
}

/** The whole fingerprint file for `texts`, as scripts/seed-fingerprints.ts writes it. */
export function fingerprintFileOf(texts: readonly string[]): FingerprintFile {
  return {
    about:
      'Fingerprints of every run of 8 consecutive words in the prose of the source notes (../shared/seeds/*.txt), for the own-words check in tests/unit/own-words.ts. Regenerate with: node scripts/seed-fingerprints.ts',
    runLength: RUN_LENGTH,
    hash: `first ${FINGERPRINT_HEX_DIGITS} hex digits of SHA-256 of the ${RUN_LENGTH} lowercase words joined by single spaces`,
    fingerprints: fingerprintsOf(texts),
  };
}

/** Reads a fingerprint file's parsed JSON into a set; throws if it was made for another run length. */
export function parseFingerprintFile(value: unknown): ReadonlySet<string> {
  const file = value as Partial<FingerprintFile> | null;
  if (
    !file ||
    file.runLength !== RUN_LENGTH ||
    !Array.isArray(file.fingerprints) ||
    !file.fingerprints.every((item) => typeof item === 'string')
  ) {
    throw new Error(
      `Not a fingerprint file for runs of ${RUN_LENGTH} words. Regenerate it with: node scripts/seed-fingerprints.ts`,
    );
  }
  return new Set(file.fingerprints);
}

/**
 * Every stretch of `text` that shares RUN_LENGTH or more consecutive words with the fingerprinted
 * source, in text order. Overlapping and touching matches are merged, so a copied sentence is reported
 * once, with all of its borrowed words.
 */
export function findBorrowedRuns(text: string, fingerprints: ReadonlySet<string>): BorrowedRun[] {
  const runs: BorrowedRun[] = [];
  for (const segment of proseSegments(text)) {
    let open: { first: number; last: number } | undefined;
    const close = () => {
      if (!open) return;
      const start = segment[open.first].start;
      const end = segment[open.last].end;
      runs.push({ text: text.slice(start, end), words: open.last - open.first + 1, start, end });
      open = undefined;
    };
    for (let first = 0; first + RUN_LENGTH <= segment.length; first += 1) {
      const window = segment.slice(first, first + RUN_LENGTH).map((word) => word.word);
      if (!fingerprints.has(fingerprint(window))) continue;
      const last = first + RUN_LENGTH - 1;
      if (open && first <= open.last + 1) open.last = last;
      else {
        close();
        open = { first, last };
      }
    }
    close();
  }
  return runs;
}
