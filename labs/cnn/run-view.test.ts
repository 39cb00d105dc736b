import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { Lab } from '../api';
import { createRecordingLab } from '../../src/lab/worker/create-lab.ts';
import { notOneOf } from '../api/choices.ts';
import { verdictOf, type BackendSpeed } from './verdict.ts';
import { threadCounts } from './wasm-threads.ts';
import { count, counted, duration } from '../api/words.ts';
import { fullProjectDurationText, sweepDurationText } from './expected-duration.ts';

/** The CNN lab's run view in words: the verdict, the EXPERIMENT check, the thread counts probed, the numbers. */
const speed = (backend: BackendSpeed['backend'], imagesPerSecond: number, software = false): BackendSpeed => ({
  backend,
  imagesPerSecond,
  softwareRenderer: software,
  smallWorkload: software,
});

describe('the verdict', () => {
  test('names the fastest backend, its ratio to the WASM baseline, and the T4 reference, in one sentence', () => {
    const verdict = verdictOf([speed('wasm', 200), speed('webgl', 480), speed('webgpu', 350)]);
    expect(verdict.text).toBe(
      "webgl was the fastest here, 2.40× the WASM baseline (480 against 200 images/s), while the project's T4 GPU over its CPU was 2.15×.",
    );
    expect(verdict.chart.bars).toEqual({
      'wasm, this machine': 1,
      'webgl, this machine': 2.4,
      'webgpu, this machine': 1.75,
      "project's T4 GPU over its CPU": 2.15,
    });
    expect(verdict.chart.unit).toBe('×');
  });

  test('says plainly when the CPU baseline won, and why a GPU backend may have lost', () => {
    const verdict = verdictOf([speed('wasm', 1_250), speed('webgl', 40, true)]);
    expect(verdict.text).toMatch(
      /^WASM, the CPU baseline, was the fastest here at 1,250 images\/s, so no GPU backend beat the CPU/,
    );
    expect(verdict.chart.bars['webgl, this machine']).toBe(0.03);
  });

  test('without WASM there is no ratio: it shows speeds and says what to add', () => {
    const verdict = verdictOf([speed('webgl', 300, true)]);
    expect(verdict.text).toContain('(a software renderer, no real GPU, on the small workload)');
    expect(verdict.text).toContain("add 'wasm' to BACKENDS");
    expect(verdict.chart.unit).toBe('images/s');
  });
});

test('a misspelt EXPERIMENT stops the run, naming the valid choices', async () => {
  expect(notOneOf('EXPERIMENT', 'compcrossoverare', ['compare', 'full-project', 'crossover'])).toBe(
    "EXPERIMENT is 'compcrossoverare', which is not one of 'compare', 'full-project', 'crossover'. Fix it at the top of main.ts, then press Run.",
  );
  // main.ts checks before anything else runs: the program as a learner might have edited it.
  const source = readFileSync(new URL('main.ts', import.meta.url), 'utf8');
  expect(source).toMatch(/^const EXPERIMENT: Experiment = 'compare';$/m);
  const edited = source.replace(
    "const EXPERIMENT: Experiment = 'compare';",
    "const EXPERIMENT: Experiment = 'compcrossoverare' as Experiment;",
  );
  const path = fileURLToPath(new URL('.main-typo-check.tmp.ts', import.meta.url));
  writeFileSync(path, edited);
  try {
    const { default: main } = (await import(/* @vite-ignore */ path)) as { default: (lab: Lab) => Promise<void> };
    const { lab, outputs } = createRecordingLab();
    await expect(main(lab)).rejects.toThrow(
      "EXPERIMENT is 'compcrossoverare', which is not one of 'compare', 'full-project', 'crossover'.",
    );
    expect(outputs).toEqual([]);
  } finally {
    rmSync(path);
  }
});

test('the thread probe tries one thread per core first, then 1, 2, 4, …, not every count', () => {
  expect(threadCounts(1)).toEqual([1]);
  expect(threadCounts(2)).toEqual([2, 1]);
  expect(threadCounts(6)).toEqual([6, 1, 2, 4]);
  expect(threadCounts(8)).toEqual([8, 1, 2, 4]);
});

test('numbers read as a person writes them', () => {
  expect(count(131_642)).toBe('131,642');
  expect(counted(1, 'timed run')).toBe('1 timed run');
  expect(counted(3, 'timed run')).toBe('3 timed runs');
  expect(duration(12_340)).toBe('12.3 s');
  expect(duration(290_700)).toBe('4 min 51 s');
  expect(duration(5_000_000)).toBe('1 h 23 min');
});

test('the long presets say their expected duration before they start', () => {
  expect(fullProjectDurationText(3)).toBe(
    'Expected duration: about 55 MB to download, then 500,000 training images on each of 3 backends: 1 h 23 min at 100 images/s, ' +
      "16 min 40 s at 500 images/s, 4 min 10 s at 2,000 images/s, per backend. This machine's estimate follows before training starts; " +
      'Stop ends the run at any time.',
  );
  expect(sweepDurationText(3, 12, 1, 2)).toBe(
    'Expected duration: up to about 3 min for 12 sizes on 3 backends (less when a backend stops early, after a step over 2 s); ' +
      'Stop ends the run at any time.',
  );
});
