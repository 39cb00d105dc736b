import { expect, test } from 'vitest';
import { fastestRun, resultCell, runTime } from '../../src/cnn-results/result-text.ts';

test('figures get thousands separators in the locale, text stays as it is', () => {
  expect(resultCell(131642, 'en-GB')).toBe('131,642');
  expect(resultCell(1252.44, 'en-GB')).toBe('1,252.4');
  expect(resultCell(121.94, 'en-GB')).toBe('121.9');
  expect(resultCell(0.012345, 'en-GB')).toBe('0.01235');
  expect(resultCell(50000, 'de-DE')).toBe('50.000');
  expect(resultCell('Tesla T4', 'en-GB')).toBe('Tesla T4');
  expect(resultCell(null, 'en-GB')).toBe('');
});

test('a run’s time is written as the learner’s clock shows it, not as an ISO timestamp', () => {
  expect(runTime('2026-03-02T09:30:41.123Z', 'en-GB', 'UTC')).toBe('2 Mar 2026, 09:30');
  expect(runTime('2026-03-02T09:30:41.123Z', 'en-US', 'America/New_York')).toBe('Mar 2, 2026, 4:30 AM');
  expect(runTime('yesterday', 'en-GB', 'UTC')).toBe('yesterday');
});

test('the run to share by default is the fastest, the newest of equals', () => {
  expect(fastestRun([{ 'images/s': 98 }, { 'images/s': 1252 }, { 'images/s': 56 }])).toBe(1);
  expect(fastestRun([{ 'images/s': 5 }, { 'images/s': 5 }])).toBe(1);
  expect(fastestRun([])).toBe(-1);
});
