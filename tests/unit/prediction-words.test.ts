import { expect, test } from 'vitest';
import { formatFigure, gapLine, unpredictedLine, withUnit } from '../../src/prediction/prediction-words.ts';

test('figures read in the locale, with separators, and tiny values do not show as 0', () => {
  expect(formatFigure(131642, 'en-GB')).toBe('132,000');
  expect(formatFigure(1250, 'en-GB')).toBe('1,250');
  expect(formatFigure(0.4213, 'en-GB')).toBe('0.421');
  expect(formatFigure(2 ** -24, 'en-GB')).toBe('5.96E-8');
  expect(formatFigure(1250, 'de-DE')).toBe('1.250');
  expect(withUnit(5, '×', 'en-GB')).toBe('5×');
  expect(withUnit(1.74, 'MB', 'en-GB')).toBe('1.74 MB');
  expect(withUnit(256, '', 'en-GB')).toBe('256');
});

test('the gap line puts prediction and measurement side by side and says how far apart they are', () => {
  expect(gapLine(5, 0.4, '×', 'measured', 'en-GB')).toBe(
    'You predicted 5×; this machine measured 0.4×: your prediction was 12.5 times too high.',
  );
  expect(gapLine(128, 512, '', 'measured', 'en-GB')).toBe(
    'You predicted 128; this machine measured 512: your prediction was 4 times too low.',
  );
  expect(gapLine(1.8, 1.74, 'MB', 'measured', 'en-GB')).toBe(
    'You predicted 1.8 MB; this machine measured 1.74 MB: close, within 3 %.',
  );
  expect(gapLine(256, 256, '', 'measured', 'en-GB')).toBe('You predicted 256; this machine measured 256: spot on.');
  expect(gapLine(256, null, '', 'measured', 'en-GB')).toBe('You predicted 256; this run found none.');
  expect(gapLine(0, 2, '×', 'measured', 'en-GB')).toBe('You predicted 0×; this machine measured 2×.');
  // Arithmetic the lab did is not called a measurement of this machine.
  expect(gapLine(1.9, 3.208, 'MB', 'computed', 'en-GB')).toBe(
    'You predicted 1.9 MB; the lab computed 3.21 MB: your prediction was 1.69 times too low.',
  );
});

test('a measurement without a prediction is shown, and the missing prediction named, never required', () => {
  expect(unpredictedLine(0.4, '×', 'measured', 'en-GB')).toBe('This machine measured 0.4×. You made no prediction this time.');
  expect(unpredictedLine(3.208, 'MB', 'computed', 'en-GB')).toBe('The lab computed 3.21 MB. You made no prediction this time.');
  expect(unpredictedLine(null, '', 'measured', 'en-GB')).toBe('This run found none. You made no prediction this time.');
});
