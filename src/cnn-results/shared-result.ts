/**
 * A shared result: a short summary of one CNN-lab run carried in a link, so a learner can show a
 * classmate (or an instructor) what their machine measured, and the classmate sees it as a row beside
 * their own in the results table below the lab.
 *
 * The summary travels in the URL's fragment, `#result=<code>`: compact JSON with one-letter keys, as UTF-8,
 * in base64url. Browsers never send the fragment to a server, so the result is read in the page that
 * opens the link and goes nowhere else. A link is about 400 characters: the device's name is cut to
 * `SHARED_DEVICE_MAX_CHARS`, and a code longer than `SHARED_RESULT_MAX_CHARS` is refused.
 *
 * The code is checked field by field where it enters the page; a damaged or unknown one throws a
 * `SharedResultError` that says what is wrong, and the page then changes nothing.
 *
 * Versions: `v` grows when a key changes meaning or becomes required. This page writes and reads version 1.
 * The full record of a run is the results file (labs/api/results-file.ts), never the link.
 */
import { PROJECT_IMAGES_SEEN, round, type ResultRow, type SavedRow } from '../../labs/api/cnn-report.ts';
import { backendLabel, isBackendName } from '../lab/index.ts';

/** The version of the summary this page writes and reads. */
const SHARED_RESULT_VERSION = 1;
/** The fragment's parameter: `#result=<code>`. */
const SHARED_RESULT_PARAMETER = 'result';
/** Device names longer than this are cut (with "…") before they go into a link. */
export const SHARED_DEVICE_MAX_CHARS = 160;
/** The longest code read: a real one is at most about 330 characters. */
export const SHARED_RESULT_MAX_CHARS = 600;

/**
 * The figures a link may carry. A link comes from anyone, so a figure outside what a real run can measure
 * is refused rather than shown: a denormal speed (5e-324) makes the estimated time Infinity, and a speed
 * of 9e15 squashes every other row of the card's chart to nothing.
 * - Speed: below 0.01 images/s one epoch of 5,000 images would take almost six days, and no one shares
 *   that; 10 million images/s is about a hundred times what the largest GPU does on the course's CNN.
 * - Training images: the lab trains on at most CIFAR-10's 50,000 images; a million leaves room for a
 *   bigger synthetic set without letting the time column run to absurd lengths.
 */
export const SHARED_IMAGES_PER_SECOND = { min: 0.01, max: 10_000_000 } as const;
export const SHARED_TRAIN_IMAGES_MAX = 1_000_000;

/**
 * Characters that change the direction of the text around them (embeddings, overrides, isolates and the
 * invisible marks). A device name that carries U+202E would show the rest of its row backwards, so a
 * name from a link or a file loses them; the page also shows names isolated (unicode-bidi: isolate).
 */
const bidiControls = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** `text` without the characters that reorder the text around them. */
export function withoutBidiControls(text: string): string {
  return text.replace(bidiControls, '');
}

/** One run, as a link carries it. */
export interface SharedResult {
  /** The TensorFlow.js backend ("wasm", "webgl"…); JSON key `b`. */
  backend: string;
  /** The device as the lab described it, at most SHARED_DEVICE_MAX_CHARS characters; key `d`. */
  device: string;
  /** Training images per second; key `ips`. */
  imagesPerSecond: number;
  /** Test accuracy in percent; key `acc`. */
  accuracy: number;
  /** Epochs trained; key `ep`. */
  epochs: number;
  /** Training images per epoch; key `n`. */
  trainImages: number;
  /** When it was measured, to the minute in UTC ("2026-03-02T09:00Z"); key `t`. */
  date: string;
  /** Whether a GPU backend ran on a software renderer (no real GPU took part); key `sw`, 1 or 0. */
  softwareRenderer: boolean;
}

/** A link's summary that cannot be read; the message says why, for the learner who opened it. */
export class SharedResultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SharedResultError';
  }
}

/** The summary of a run the lab saved in this browser. */
export function sharedResultOf(row: SavedRow): SharedResult {
  const name = withoutBidiControls(row.device);
  const device = name.length > SHARED_DEVICE_MAX_CHARS ? `${name.slice(0, SHARED_DEVICE_MAX_CHARS - 1)}…` : name;
  const speed = row['images/s'];
  return {
    backend: row.backend,
    device,
    // One decimal is plenty for a real speed; a slow one keeps two digits, so it does not round to 0.
    imagesPerSecond: speed >= 1 ? round(speed, 1) : Number(speed.toPrecision(2)),
    accuracy: round(row['accuracy (%)'], 2),
    epochs: row.epochs,
    trainImages: row['train images'],
    date: minuteOf(row.date),
    softwareRenderer: row['software renderer'],
  };
}

/** "2026-03-02T09:00Z": the instant `iso` names, to the minute, in UTC. */
function minuteOf(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : `${new Date(time).toISOString().slice(0, 16)}Z`;
}

// ——— encoding ———

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64url(code: string): Uint8Array {
  const padded = code
    .replaceAll('-', '+')
    .replaceAll('_', '/')
    .padEnd(Math.ceil(code.length / 4) * 4, '=');
  return Uint8Array.from(atob(padded), (character) => character.charCodeAt(0));
}

/** The code for the fragment: `{"v":1,"b":…}` as base64url. */
export function encodeSharedResult(result: SharedResult): string {
  const compact = {
    v: SHARED_RESULT_VERSION,
    b: result.backend,
    d: result.device,
    ips: result.imagesPerSecond,
    acc: result.accuracy,
    ep: result.epochs,
    n: result.trainImages,
    t: result.date,
    sw: result.softwareRenderer ? 1 : 0,
  };
  return base64url(new TextEncoder().encode(JSON.stringify(compact)));
}

/** `page` (an address without its fragment) with `result` in its fragment. */
export function shareLink(page: string, result: SharedResult): string {
  return `${page.replace(/#.*$/, '')}#${SHARED_RESULT_PARAMETER}=${encodeSharedResult(result)}`;
}

// ——— decoding ———

const damaged = 'The shared result in this link is damaged';

function wrong(key: string, meaning: string, expected: string, value: unknown): never {
  const shown = value === undefined ? 'missing' : JSON.stringify(value).slice(0, 40);
  throw new SharedResultError(`${damaged}: "${key}" (${meaning}) should be ${expected}, but it is ${shown}.`);
}

/** A text field, without bidi controls (see `withoutBidiControls`); empty once they are gone is refused. */
function text(json: Record<string, unknown>, key: string, meaning: string, maxLength: number): string {
  const value = json[key];
  const plain = typeof value === 'string' ? withoutBidiControls(value) : '';
  if (typeof value !== 'string' || plain.trim() === '' || value.length > maxLength) {
    wrong(key, meaning, `a text of 1 to ${maxLength} characters`, value);
  }
  return plain;
}

const figure = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

function number(
  json: Record<string, unknown>,
  key: string,
  meaning: string,
  { min = 0, max = Number.MAX_SAFE_INTEGER, above = false, integer = false } = {},
): number {
  const value = json[key];
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    (integer && !Number.isInteger(value)) ||
    (above ? value <= min : value < min) ||
    value > max
  ) {
    const range = above
      ? `above ${figure.format(min)}`
      : max === Number.MAX_SAFE_INTEGER
        ? `of at least ${figure.format(min)}`
        : `from ${figure.format(min)} to ${figure.format(max)}`;
    wrong(key, meaning, `${integer ? 'a whole number' : 'a number'} ${range}`, value);
  }
  return value;
}

/** The result a code carries; throws SharedResultError, saying what is wrong, for any other code. */
export function decodeSharedResult(code: string): SharedResult {
  if (code.length > SHARED_RESULT_MAX_CHARS) {
    throw new SharedResultError(
      `The shared result in this link is ${code.length} characters long; the course's links carry at most ${SHARED_RESULT_MAX_CHARS}, so this is not one of them.`,
    );
  }
  if (!/^[A-Za-z0-9_-]+$/.test(code)) {
    throw new SharedResultError(
      `${damaged}: it holds characters that a course link never does. Ask for the link again, and copy all of it.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64url(code)));
  } catch {
    throw new SharedResultError(`${damaged}: it may have been cut short when it was copied. Ask for the link again.`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new SharedResultError(`${damaged}: it does not hold a result.`);
  }
  const fields = json as Record<string, unknown>;
  const version = fields.v;
  if (typeof version === 'number' && Number.isInteger(version) && version > SHARED_RESULT_VERSION) {
    throw new SharedResultError(
      `This link was made by a newer version of the course (shared result version ${version}; this page reads ${SHARED_RESULT_VERSION}). Reload the page to get the current course, then open the link again.`,
    );
  }
  if (version !== SHARED_RESULT_VERSION) wrong('v', 'the version', String(SHARED_RESULT_VERSION), version);
  const date = text(fields, 't', 'the date', 40);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/.test(date) || Number.isNaN(Date.parse(date))) {
    wrong('t', 'the date', 'a date and time such as "2026-03-02T09:00Z"', date);
  }
  const softwareRenderer = fields.sw;
  if (softwareRenderer !== 0 && softwareRenderer !== 1) wrong('sw', 'software renderer', '0 or 1', softwareRenderer);
  const backend = text(fields, 'b', 'the backend', 40);
  if (!/^[a-z0-9-]+$/.test(backend)) wrong('b', 'the backend', 'a backend name such as "webgl"', backend);
  return {
    backend,
    device: text(fields, 'd', 'the device', SHARED_DEVICE_MAX_CHARS),
    imagesPerSecond: number(fields, 'ips', 'images per second', SHARED_IMAGES_PER_SECOND),
    accuracy: number(fields, 'acc', 'test accuracy in percent', { max: 100 }),
    epochs: number(fields, 'ep', 'epochs', { min: 1, max: 1000, integer: true }),
    trainImages: number(fields, 'n', 'training images', { min: 1, max: SHARED_TRAIN_IMAGES_MAX, integer: true }),
    date,
    softwareRenderer: softwareRenderer === 1,
  };
}

/**
 * The result in a page's fragment (`location.hash`): null when it carries none, the result when it
 * carries a readable one; throws SharedResultError when it carries one that cannot be read.
 */
export function sharedResultInFragment(hash: string): SharedResult | null {
  const parameters = new URLSearchParams(hash.replace(/^#/, ''));
  const code = parameters.get(SHARED_RESULT_PARAMETER);
  return code === null ? null : decodeSharedResult(code);
}

// ——— the table row ———

/** "WebGL" for a backend the course knows, the name itself for another. */
export function backendWords(backend: string): string {
  return isBackendName(backend) ? backendLabel(backend) : backend;
}

/** The day of `date` as the table shows it, in the reader's locale and time zone: "2 Mar 2026", "Mar 2, 2026". */
function day(date: string): string {
  const time = Date.parse(date);
  return Number.isNaN(time) ? date.slice(0, 10) : new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(time);
}

/** A shared result as a row of the results table (RESULT_COLUMNS), labelled "Shared result". */
export function sharedResultRow(result: SharedResult): ResultRow {
  const seconds = (result.epochs * result.trainImages) / result.imagesPerSecond;
  const software = result.softwareRenderer ? ' (software renderer)' : '';
  return {
    setup: `Shared result: ${backendWords(result.backend)}${software}, ${day(result.date)}`,
    device: result.device,
    'time (s)': round(seconds, 2),
    'accuracy (%)': result.accuracy,
    epochs: result.epochs,
    'train images': result.trainImages,
    'images/s': result.imagesPerSecond,
    'est. 10 × 50k (s)': Math.round(PROJECT_IMAGES_SEEN / result.imagesPerSecond),
  };
}
