/**
 * Shared results (src/cnn-results/shared-result.ts): a run's summary goes into a link's fragment and comes back
 * the same; damaged, too long and unknown-version codes are refused with a message; links stay short.
 */
import { describe, expect, test } from 'vitest';
import type { SavedRow } from '../../labs/api/cnn-report.ts';
import {
  decodeSharedResult,
  encodeSharedResult,
  SHARED_DEVICE_MAX_CHARS,
  SHARED_RESULT_MAX_CHARS,
  SharedResultError,
  sharedResultInFragment,
  sharedResultOf,
  sharedResultRow,
  shareLink,
  type SharedResult,
  withoutBidiControls,
} from '../../src/cnn-results/shared-result.ts';

const saved: SavedRow = {
  date: '2026-03-02T09:30:41.123Z',
  backend: 'webgl',
  data: 'CIFAR-10 (JPEG copy)',
  batch: 64,
  repeats: 1,
  'software renderer': false,
  setup: 'Your browser: webgl',
  device: 'WebGL 2 on ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 (0x00002503) Direct3D11 vs_5_0 ps_5_0, D3D11)',
  'time (s)': 6.79,
  'accuracy (%)': 38.4,
  epochs: 3,
  'train images': 5000,
  'images/s': 2210.04,
  'est. 10 × 50k (s)': 226,
};

const base64url = (text: string) => Buffer.from(text).toString('base64url');

function refusal(code: string): string {
  try {
    decodeSharedResult(code);
  } catch (error) {
    expect(error).toBeInstanceOf(SharedResultError);
    return (error as Error).message;
  }
  throw new Error('the code was read');
}

describe('shared results', () => {
  test('a saved run goes into a link and comes back the same', () => {
    const result = sharedResultOf(saved);
    expect(result).toEqual({
      backend: 'webgl',
      device: saved.device,
      imagesPerSecond: 2210,
      accuracy: 38.4,
      epochs: 3,
      trainImages: 5000,
      date: '2026-03-02T09:30Z',
      softwareRenderer: false,
    });
    const link = shareLink('https://course.example/project/benchmarking-a-cnn/#results', result);
    expect(link).toMatch(/^https:\/\/course\.example\/project\/benchmarking-a-cnn\/#result=[A-Za-z0-9_-]+$/);
    expect(sharedResultInFragment(new URL(link).hash)).toEqual(result);
    expect(sharedResultInFragment('')).toBeNull();
    expect(sharedResultInFragment('#results-table')).toBeNull();
  });

  test('text beyond ASCII survives, and the software-renderer flag too', () => {
    const result: SharedResult = { ...sharedResultOf(saved), device: 'WebGPU on “Grafikkarte” ü', softwareRenderer: true };
    expect(decodeSharedResult(encodeSharedResult(result))).toEqual(result);
  });

  test('links stay short: a device name at its longest gives a link of about 400 characters', () => {
    const longest = sharedResultOf({ ...saved, device: 'x'.repeat(1000), 'train images': 50_000, 'images/s': 12345.67 });
    expect(longest.device).toHaveLength(SHARED_DEVICE_MAX_CHARS);
    const code = encodeSharedResult(longest);
    expect(code.length).toBeLessThan(SHARED_RESULT_MAX_CHARS);
    expect(shareLink('https://you.github.io/gpu-course/project/benchmarking-a-cnn/', longest).length).toBeLessThan(450);
    expect(decodeSharedResult(code).device.endsWith('…')).toBe(true);
  });

  test('the shared row says what it is and fills the table columns', () => {
    const row = sharedResultRow(sharedResultOf({ ...saved, 'software renderer': true }));
    expect(row).toEqual({
      // The day in the reader's locale and time zone (this process's here).
      setup: `Shared result: WebGL (software renderer), ${new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(Date.parse(saved.date))}`,
      device: saved.device,
      'time (s)': 6.79,
      'accuracy (%)': 38.4,
      epochs: 3,
      'train images': 5000,
      'images/s': 2210,
      'est. 10 × 50k (s)': 226,
    });
  });

  test('damaged, too long and unknown codes are refused with a message', () => {
    const good = encodeSharedResult(sharedResultOf(saved));
    expect(refusal(good.slice(0, good.length - 9))).toMatch(/damaged: it may have been cut short/);
    expect(refusal(`${good}%20`)).toMatch(/damaged: it holds characters that a course link never does/);
    expect(refusal('A'.repeat(SHARED_RESULT_MAX_CHARS + 1))).toBe(
      `The shared result in this link is ${SHARED_RESULT_MAX_CHARS + 1} characters long; the course's links carry at most ${SHARED_RESULT_MAX_CHARS}, so this is not one of them.`,
    );
    const compact = JSON.parse(Buffer.from(good, 'base64url').toString()) as Record<string, unknown>;
    expect(refusal(base64url(JSON.stringify({ ...compact, v: 2 })))).toBe(
      'This link was made by a newer version of the course (shared result version 2; this page reads 1). Reload the page to get the current course, then open the link again.',
    );
    expect(refusal(base64url(JSON.stringify({ ...compact, v: undefined })))).toBe(
      'The shared result in this link is damaged: "v" (the version) should be 1, but it is missing.',
    );
    expect(refusal(base64url(JSON.stringify({ ...compact, ips: 'fast' })))).toBe(
      'The shared result in this link is damaged: "ips" (images per second) should be a number from 0.01 to 10,000,000, but it is "fast".',
    );
    expect(refusal(base64url(JSON.stringify({ ...compact, acc: 101 })))).toContain('"acc" (test accuracy in percent)');
    expect(refusal(base64url(JSON.stringify({ ...compact, b: '<img>' })))).toContain('"b" (the backend)');
    expect(refusal(base64url('[1,2]'))).toBe('The shared result in this link is damaged: it does not hold a result.');
    expect(() => sharedResultInFragment('#result=')).toThrow(SharedResultError);
  });

  test('figures no real run measures are refused, naming the field, so nothing shows Infinity or squashes the card', () => {
    const compact = JSON.parse(Buffer.from(encodeSharedResult(sharedResultOf(saved)), 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const withFields = (fields: Record<string, unknown>) => base64url(JSON.stringify({ ...compact, ...fields }));
    const speedRange = 'should be a number from 0.01 to 10,000,000';
    expect(refusal(withFields({ ips: 5e-324 }))).toBe(
      `The shared result in this link is damaged: "ips" (images per second) ${speedRange}, but it is 5e-324.`,
    );
    expect(refusal(withFields({ ips: 9e15 }))).toBe(
      `The shared result in this link is damaged: "ips" (images per second) ${speedRange}, but it is 9000000000000000.`,
    );
    expect(refusal(withFields({ ips: 0.009 }))).toContain('"ips" (images per second)');
    expect(refusal(withFields({ n: 9e15 }))).toBe(
      'The shared result in this link is damaged: "n" (training images) should be a whole number from 1 to 1,000,000, but it is 9000000000000000.',
    );
    // The edges themselves are real figures, and every column of the row stays finite.
    for (const ips of [0.01, 10_000_000]) {
      const row = sharedResultRow(decodeSharedResult(withFields({ ips, n: 1_000_000, ep: 1000 })));
      expect(Object.values(row).filter((value) => typeof value === 'number' && !Number.isFinite(value))).toEqual([]);
    }
  });

  test('a slow run still makes a link that opens: its speed keeps two digits instead of rounding to 0', () => {
    const slow = sharedResultOf({ ...saved, 'images/s': 0.0437 });
    expect(slow.imagesPerSecond).toBe(0.044);
    expect(decodeSharedResult(encodeSharedResult(slow)).imagesPerSecond).toBe(0.044);
  });

  test('characters that reverse the text are taken out of device and backend names', () => {
    const reversing = { ...sharedResultOf(saved), device: 'GPU \u202Eevil\u202C name \u2066x\u2069\u200F' };
    expect(decodeSharedResult(encodeSharedResult(reversing)).device).toBe('GPU evil name x');
    expect(sharedResultOf({ ...saved, device: '\u202Egnol' }).device).toBe('gnol');
    // A name made only of such characters is empty, and refused like an empty one.
    expect(refusal(encodeSharedResult({ ...reversing, device: '\u202E\u202E' }))).toContain('"d" (the device)');
    expect(withoutBidiControls('متصفح Chrome')).toBe('متصفح Chrome');
  });
});
