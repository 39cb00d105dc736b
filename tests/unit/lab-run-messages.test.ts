import { describe, expect, test } from 'vitest';
import { formatBytes, formatDuration, formatNumber } from '../../src/lab/shared/number-text.ts';
import { memoryText } from '../../src/lab/outputs/memory.ts';
import { formatProgressAmount, progressText } from '../../src/lab/outputs/progress.ts';
import { timingText } from '../../src/lab/outputs/timing.ts';
import { errorText, noticeText, ranOn, statusText } from '../../src/lab/page/run-messages.ts';

describe('numbers', () => {
  test('measured values keep four significant digits, integers stay whole', () => {
    expect(formatNumber(64)).toBe('64');
    expect(formatNumber(0.080171)).toBe('0.08017');
    expect(formatNumber(1234.567)).toBe('1234.6');
    expect(formatNumber(Number.NaN)).toBe('NaN');
  });
  test('bytes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(-3 * 1024 * 1024)).toBe('-3.0 MB');
  });
  test('durations from microseconds to minutes', () => {
    expect(formatDuration(0.1234)).toBe('0.123 ms');
    expect(formatDuration(42.54)).toBe('42.5 ms');
    expect(formatDuration(1250)).toBe('1.25 s');
    expect(formatDuration(12_500)).toBe('12.5 s');
  });
});

describe('the status line', () => {
  test('names backends the way the picker does', () => {
    expect(ranOn('webgl')).toBe('WebGL');
    expect(ranOn('tensorflow')).toBe('tensorflow');
    expect(statusText.running('wasm')).toBe('Running on WASM…');
    expect(statusText.done(1360, ['webgl'])).toBe('Done in 1.36 s on WebGL.');
    // A run that switched backends (lab.useBackend) names each one it ran on, never only the first.
    expect(statusText.done(290_700, ['webgl', 'wasm', 'webgpu'])).toBe('Done in 290.7 s on WebGL, WASM and WebGPU.');
    expect(statusText.stage('Training', 'wasm')).toBe('Running on WASM: Training…');
  });
  test('says whether a run waits for TypeScript', () => {
    expect(statusText.preparing('webgpu', true)).toBe('Preparing: translating TypeScript, then starting WebGPU…');
    expect(statusText.preparing('cpu', false)).toBe('Starting CPU…');
  });
  test('stops and errors', () => {
    expect(statusText.stopped(2500)).toBe('Stopped after 2.50 s. The worker running the program was shut down.');
    expect(statusText.error('The lab worker could not start.')).toBe('Error: The lab worker could not start.');
    expect(statusText.error('TypeError on line 4 of main.ts: x is undefined', 'TypeError on line 4')).toBe(
      'Error: TypeError on line 4. See the output below.',
    );
  });
});

describe('notices', () => {
  test('the device, and a fallback with its reason', () => {
    expect(noticeText.running('webgl', 'WebGL 2 on SwiftShader')).toBe('Running on WebGL 2 on SwiftShader.');
    expect(noticeText.running('webgpu', 'WebGPU on google swiftshader')).toBe('Running on WebGPU on google swiftshader.');
    expect(noticeText.running('wasm', 'WebAssembly, 2 threads')).toBe('Running on WASM: WebAssembly, 2 threads.');
    expect(noticeText.fellBack('webgpu', 'no WebGPU adapter', 'webgl')).toBe(
      'WebGPU could not start (no WebGPU adapter), so TensorFlow.js fell back to WebGL.',
    );
  });
  test('counts in words that agree with them', () => {
    expect(noticeText.leaked(1, 16)).toMatch(/^1 tensor was left alive \(16 B\)\./);
    expect(noticeText.leaked(2, 2048)).toMatch(/^2 tensors were left alive \(2\.0 KB\)\./);
    expect(noticeText.typeErrors(1)).toMatch(
      /^1 type error in main.ts, underlined in the editor\. The program runs anyway.* fix it if/,
    );
    expect(noticeText.typeErrors(3)).toMatch(/^3 type errors in main.ts, .* fix them if/);
    expect(noticeText.typeErrorLine(14, "Type '\"compcrossoverare\"' is not assignable to type 'Experiment'.")).toBe(
      "main.ts, line 14: Type '\"compcrossoverare\"' is not assignable to type 'Experiment'.",
    );
  });
});

describe('errors', () => {
  test('a program error names its line when the source maps know it', () => {
    const location = { file: 'main.ts', line: 4, column: 9 };
    expect(errorText.program('Error', 'the answer is not 0', location)).toBe('Error on line 4 of main.ts: the answer is not 0');
    expect(errorText.program('Error', 'lost', null)).toBe('Error: lost');
    expect(errorText.programSummary('Error', location)).toBe('Error on line 4');
  });
  test('syntax errors point at main.ts', () => {
    expect(errorText.syntax(2)).toBe('Syntax error on line 2: fix it, then run again.');
    expect(errorText.syntaxLine('main.ts', 2, 'Expression expected.')).toBe('main.ts, line 2: Expression expected.');
  });
});

describe('output text', () => {
  test("progress amounts in the bar's unit", () => {
    expect(formatProgressAmount(3, 10, 'steps')).toBe('3 / 10');
    expect(formatProgressAmount(1_234_567, 4_400_000, 'bytes')).toBe('1.2 of 4.4 MB');
    expect(formatProgressAmount(12_345_678, 55_000_000, 'bytes')).toBe('12 of 55 MB');
    expect(formatProgressAmount(5_800, 5_800, 'bytes')).toBe('5.8 of 5.8 kB');
    expect(formatProgressAmount(2000, 5000, 'images')).toBe('2,000 of 5,000 images');
  });
  test('progress with the time left, then done', () => {
    expect(progressText({ done: 1, total: 4, etaMs: 3000, unit: 'steps' })).toBe('1 / 4 · about 3.00 s left');
    expect(progressText({ done: 0, total: 4, etaMs: null, unit: 'steps' })).toBe('0 / 4');
    expect(progressText({ done: 9, total: 4, etaMs: 0, unit: 'steps' })).toBe('4 / 4 · done');
  });
  test('a timing says how it was measured', () => {
    const timing = { label: 'matMul 64×64', medianMs: 6.54, runsMs: [6, 6.54, 7], warmup: 1 };
    expect(timingText({ kind: 'timing', timing, backend: 'webgl' })).toBe(
      'matMul 64×64: 6.54 ms (median of 3 runs after 1 warm-up, webgl)',
    );
  });
  test('a memory report', () => {
    const report = { numTensors: 0, numBytes: 0, numDataBuffers: 0 };
    expect(memoryText({ kind: 'memory', label: 'After cleaning up', report })).toBe(
      'Memory (After cleaning up): 0 tensors, 0 B in 0 buffers',
    );
  });
});
