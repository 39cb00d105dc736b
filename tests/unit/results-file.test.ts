/**
 * The CNN lab's results file (labs/api/results-file.ts): what the lab writes reads back; a wrong, damaged,
 * older or newer file fails with a message naming the field. Fixtures: tests/fixtures/cnn-results-*.json
 * (made-up numbers, shaped like real runs).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { SavedRow } from '../../labs/api/cnn-report.ts';
import {
  parseResultsFile,
  RESULTS_FILE_FORMAT,
  RESULTS_FILE_MAX_BYTES,
  ResultsFileError,
  resultsFileText,
} from '../../labs/api/results-file.ts';

const anaText = readFileSync('tests/fixtures/cnn-results-ana.json', 'utf8');
const ana = () => JSON.parse(anaText) as { rows: Record<string, unknown>[] } & Record<string, unknown>;

function message(text: string): string {
  try {
    parseResultsFile(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ResultsFileError);
    return (error as Error).message;
  }
  throw new Error('the file was read');
}

describe('the results file', () => {
  test('what the lab writes reads back the same', () => {
    const rows = parseResultsFile(anaText).rows;
    const text = resultsFileText(rows, '2026-03-02T12:00:00.000Z');
    const file = parseResultsFile(text);
    expect(file).toMatchObject({ format: RESULTS_FILE_FORMAT, version: 1, created: '2026-03-02T12:00:00.000Z' });
    expect(file.rows).toEqual(rows);
    expect(file.rows.map((row: SavedRow) => row.backend)).toEqual(['wasm', 'webgl', 'webgpu']);
  });

  test('extra fields are dropped, so later files with more still read', () => {
    const json = ana();
    json.rows[0].comment = 'my laptop';
    json.note = 'hi';
    expect(parseResultsFile(JSON.stringify(json)).rows[0]).not.toHaveProperty('comment');
  });

  test('a wrong field is named, with what it should be and what it is', () => {
    const json = ana();
    json.rows[1]['images/s'] = 'fast';
    expect(message(JSON.stringify(json))).toBe('"rows[1].images/s" should be a number above 0, but it is "fast".');
    const missing = ana();
    delete missing.rows[2]['software renderer'];
    expect(message(JSON.stringify(missing))).toBe('"rows[2].software renderer" should be true or false, but it is missing.');
    const accuracy = ana();
    accuracy.rows[0]['accuracy (%)'] = 120;
    expect(message(JSON.stringify(accuracy))).toBe('"rows[0].accuracy (%)" should be a number from 0 to 100, but it is 120.');
    expect(message(JSON.stringify({ ...ana(), created: 'yesterday' }))).toContain('"created" should be a date and time');
    expect(message(JSON.stringify({ ...ana(), rows: {} }))).toBe(
      '"rows" should be a list of at most 1000 runs, but it is an object.',
    );
  });

  test('damaged, foreign, older and newer files get their own message', () => {
    expect(message(anaText.slice(0, 200))).toMatch(/^The file is not valid JSON \(.*\): it may be damaged or cut short\.$/);
    expect(message('{"name":"package","version":"1.0.0"}')).toBe(
      `This is not a results file of the CNN lab: its "format" should be "${RESULTS_FILE_FORMAT}", but it is missing.`,
    );
    expect(message(JSON.stringify(ana().rows))).toMatch(/^This is an older download of the CNN lab, a bare list of runs/);
    expect(message(JSON.stringify({ ...ana(), version: 2 }))).toBe(
      'This results file has version 2, newer than this page reads (1). Reload the page to get the current course, then add the file again.',
    );
    expect(message(JSON.stringify({ ...ana(), version: '1' }))).toBe('"version" should be 1, but it is "1".');
    expect(message('x'.repeat(RESULTS_FILE_MAX_BYTES + 1))).toBe(
      'The file is larger than 2 MB, the most a results file of the course can be.',
    );
  });
});
