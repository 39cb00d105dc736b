import { expect, test } from 'vitest';
import { SourceMaps, labFrames, stackFrames } from '../../src/lab/page/stack-trace.ts';

/**
 * A hand-made source map: generated line 1, column 0 comes from source line 3, column 2, and generated
 * line 2, column 4 from source line 4, column 0 (VLQ "AAEE;IACF").
 */
const map = JSON.stringify({ version: 3, file: 'main.js', sources: ['main.ts'], names: [], mappings: 'AAEE;IACF' });

const stack = [
  'Error: the answer is not 0',
  '    at main (lab:main.ts:2:5)',
  '    at async run (http://localhost/_astro/lab-worker.js:1:999)',
  '    at helper (lab:model.ts:7:1)',
].join('\n');

test('finds the frames that lie in lab files, innermost first', () => {
  expect(labFrames(stack)).toEqual([
    { file: 'main.ts', line: 2, column: 5 },
    { file: 'model.ts', line: 7, column: 1 },
  ]);
});

test('maps the innermost lab frame back to its TypeScript line and column', () => {
  const maps = new SourceMaps(new Map([['main.ts', map]]));
  expect(maps.locate(stack)).toEqual({ file: 'main.ts', line: 4, column: 1 });
});

test('rewrites lab frames in the stack and leaves the others alone', () => {
  const maps = new SourceMaps(new Map([['main.ts', map]]));
  const rewritten = maps.rewrite(stack);
  expect(rewritten).toContain('at main (main.ts:4:1)');
  // No map for model.ts: its position is kept as it was.
  expect(rewritten).toContain('at helper (model.ts:7:1)');
  expect(rewritten).toContain('lab-worker.js:1:999');
});

test('a stack without lab frames has no location', () => {
  expect(new SourceMaps(new Map()).locate('Error: boom\n    at tfjs (http://x/tf.js:1:2)')).toBeNull();
});

test('positions that cannot be (line 0) are no frames, and files the lab lacks are skipped', () => {
  const maps = new SourceMaps(new Map([['main.ts', map]]));
  const forged = 'Error: x\n    at main (lab:main.ts:0:0)\n    at other (lab:nowhere.ts:3:1)\n    at main (lab:main.ts:2:5)';
  expect(labFrames(forged)).toEqual([
    { file: 'nowhere.ts', line: 3, column: 1 },
    { file: 'main.ts', line: 2, column: 5 },
  ]);
  expect(maps.locate(forged)).toEqual({ file: 'main.ts', line: 4, column: 1 });
  expect(maps.locate('at x (lab:nowhere.ts:3:1)')).toBeNull();
  // A position past the end of the map, or before its start, is left as it was rather than throwing.
  expect(maps.original({ file: 'main.ts', line: 0, column: 0 })).toEqual({ file: 'main.ts', line: 0, column: 0 });
  expect(maps.rewrite('at main (lab:main.ts:0:0)')).toBe('at main (main.ts:0:0)');
});

test("the frames of a stack leave out V8's first line, whatever the message says", () => {
  const error = {
    name: 'Error',
    message: 'a position outside the program: lab:main.ts:0:0',
    stack: 'Error: a position outside the program: lab:main.ts:0:0\n    at main (lab:main.ts:2:5)',
  };
  expect(stackFrames(error)).toBe('\n    at main (lab:main.ts:2:5)');
  // A stack without the header (the worker strips it) stays as it is.
  expect(stackFrames({ ...error, stack: '    at main (lab:main.ts:2:5)' })).toBe('    at main (lab:main.ts:2:5)');
});
