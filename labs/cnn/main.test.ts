import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, test } from 'vitest';
import { nodeLab } from '../../tests/fixtures/node-lab.ts';
import { registerWasmTrainingKernels } from '../../src/lab/worker/wasm-kernels/index.ts';
import { runBenchmark, type BenchmarkSettings } from './benchmark.ts';
import { runSweep } from './sweep.ts';
import { NOTEBOOK_RESULTS_KEY, REFERENCE_ROWS, RESULT_COLUMNS, toCsv } from '../api/cnn-report.ts';
import { openResultsStore } from '../../src/lab/shared/results-store.ts';
import { parseResultsFile } from '../api/results-file.ts';

/**
 * The benchmark exactly as learners run it, on a tiny workload of real CIFAR-10 (read from public/data/
 * as the page would download it): WASM with the course's training kernels (single-threaded in Node,
 * still far faster than the plain-JS backend).
 */
const tiny: BenchmarkSettings = {
  backends: ['wasm'],
  data: 'cifar10',
  trainImages: 64,
  testImages: 64,
  epochs: 2,
  batchSize: 32,
  learningRate: 0.001,
  repeats: 1,
  warmupSteps: 1,
  seed: 42,
  lossReadsPerEpoch: 2,
  smallWorkloadImages: 32,
  shrinkOnSoftwareGpu: true,
  clearSavedResults: false,
};

describe('cnn lab', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    await tf.ready();
  });

  test('trains on real CIFAR-10, reports a results table beside the reference rows, and leaves no tensor alive', async () => {
    const { lab, outputs, logs } = nodeLab();
    const tensorsBefore = tf.memory().numTensors;
    await runBenchmark(lab, tiny);
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    expect(logs()).toContain('Data: CIFAR-10 (JPEG copy), 64 training and 64 test images');
    expect(logs()).toContain('Krizhevsky');
    expect(logs()).toContain('reshuffled every epoch');
    expect(logs()).toMatch(/Estimated total: about/);
    expect(logs()).toMatch(/wasm, run 1, epoch 2: .* test accuracy \d+\.\d\d %/);
    expect(logs()).toContain('What dominates a step: WASM');

    // The run view: its stages in order, each new one once, and the verdict last.
    const stages = outputs.flatMap((output) => (output.kind === 'stage' && output.now === undefined ? [output.name] : []));
    expect(stages).toEqual(['Data', 'WASM threads', 'Training on wasm', 'Results']);
    expect(outputs.some((output) => output.kind === 'stage' && output.now === 'epoch 2 of 2')).toBe(true);
    const verdict = outputs.at(-1);
    expect(verdict?.kind === 'verdict' && verdict.text).toMatch(
      /^WASM, the CPU baseline, was the fastest here at [\d,]+ images\/s/,
    );

    const progress = outputs.filter((output) => output.kind === 'progress');
    expect(
      progress.some((output) => output.kind === 'progress' && output.unit === 'bytes' && output.label.includes('train-00.bin')),
    ).toBe(true);
    expect(progress.some((output) => output.kind === 'progress' && output.unit === 'images')).toBe(true);

    const results = outputs.find((output) => output.kind === 'table' && output.title?.startsWith('Results'));
    expect(results?.kind === 'table' && results.columns.slice(0, 4)).toEqual(['setup', 'device', 'time (s)', 'accuracy (%)']);
    const rows = results?.kind === 'table' ? results.rows : [];
    expect(rows.map((row) => row[0])).toEqual([
      'Project reference: PyTorch, CPU',
      'Project reference: PyTorch, GPU',
      'Your browser: wasm',
    ]);
    const time = rows[2]?.[2];
    expect(typeof time === 'number' && time > 0).toBe(true);
    // The saved runs fit the panel: the date in the learner's locale, not an ISO timestamp, and seven columns.
    const saved = outputs.find((output) => output.kind === 'table' && output.title?.startsWith('Your saved results'));
    expect(saved?.kind === 'table' && saved.columns).toEqual([
      'when',
      'backend',
      'data',
      'train images',
      'epochs',
      'images/s',
      'accuracy (%)',
    ]);
    const when = saved?.kind === 'table' ? saved.rows[0]?.[0] : undefined;
    expect(typeof when === 'string' && when.length > 0).toBe(true);
    expect(String(when)).not.toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const charts = outputs.filter((output) => output.kind === 'line-chart');
    expect(charts.map((chart) => chart.kind === 'line-chart' && chart.title)).toEqual([
      'Training loss (first timed run on each backend)',
      'Test accuracy after each epoch (first timed run on each backend)',
    ]);
    const points = outputs.filter((output) => output.kind === 'line-points');
    expect(points).toHaveLength(2 * 2 + 2); // two loss reads per epoch, one accuracy point per epoch
    for (const point of points) expect(point.kind === 'line-points' && Number.isFinite(point.values.wasm)).toBe(true);

    const downloads = outputs.flatMap((output) => (output.kind === 'download' ? [output] : []));
    expect(downloads.map((download) => download.fileName)).toEqual(['cnn-benchmark-results.csv', 'cnn-benchmark-results.json']);
    expect(downloads[0]?.text.split('\r\n')[0]).toContain('backend');
    // The JSON is the course's versioned results file, and its own reader takes it back.
    const file = parseResultsFile(downloads[1]?.text ?? '');
    expect(file.rows.at(-1)).toMatchObject({
      setup: 'Your browser: wasm',
      backend: 'wasm',
      data: 'CIFAR-10 (JPEG copy)',
      epochs: 2,
    });
  });

  test("runs added from the companion notebook join the results table, between the reference and this run's rows", async () => {
    const imported = openResultsStore(NOTEBOOK_RESULTS_KEY, () => undefined);
    await imported.append({
      ...REFERENCE_ROWS[1],
      setup: 'Your Colab run: PyTorch, GPU',
      run: 'abcdef0123',
      date: '2026-03-02T10:15:00Z',
    });
    try {
      const { lab, outputs } = nodeLab();
      await runBenchmark(lab, { ...tiny, data: 'synthetic', epochs: 1 });
      const results = outputs.find((output) => output.kind === 'table' && output.title?.startsWith('Results'));
      expect(results?.kind === 'table' && results.title).toBe(
        'Results: the project reference (Colab), your notebook and your browser',
      );
      expect(results?.kind === 'table' && results.columns).toEqual([...RESULT_COLUMNS]);
      const rows = results?.kind === 'table' ? results.rows : [];
      expect(rows.map((row) => row[0])).toEqual([
        'Project reference: PyTorch, CPU',
        'Project reference: PyTorch, GPU',
        'Your Colab run: PyTorch, GPU',
        'Your browser: wasm',
      ]);
    } finally {
      await imported.clear();
    }
  });

  test('the synthetic choice needs no download and says so', async () => {
    const { lab, logs } = nodeLab();
    await runBenchmark(lab, { ...tiny, data: 'synthetic', epochs: 1 });
    expect(logs()).toContain('Data: synthetic (CIFAR-shaped)');
    expect(logs()).not.toContain('Krizhevsky');
  });

  test('the crossover sweep measures each size, says why no crossover is possible without a GPU, and leaks nothing', async () => {
    const { lab, outputs, logs } = nodeLab();
    const tensorsBefore = tf.memory().numTensors;
    await runSweep(lab, {
      backends: ['wasm', 'webgl'],
      widths: [1, 2],
      batches: [8],
      maxSecondsPerStep: 5,
      secondsPerPoint: 0.05,
      seed: 1,
    });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(logs()).toContain('Skipping webgl');
    expect(logs()).toContain('No crossover');
    const table = outputs.find((output) => output.kind === 'table' && output.title?.startsWith('Sweep results'));
    const rows = table?.kind === 'table' ? table.rows : [];
    expect(rows.map((row) => [row[0], row[1], row[2]])).toEqual([
      ['wasm', 1, 8],
      ['wasm', 2, 8],
    ]);
    expect(rows.every((row) => typeof row[6] === 'number' && row[6] > 0)).toBe(true);
    const chart = outputs.find((output) => output.kind === 'line-chart');
    expect(chart?.kind === 'line-chart' && [chart.xScale, chart.yScale]).toEqual(['log', 'log']);
  });

  test('CSV quotes what needs quoting', () => {
    expect(
      toCsv([
        { a: 'x, y', b: 1 },
        { b: 2, c: 'say "hi"' },
      ]),
    ).toBe('a,b,c\r\n"x, y",1,\r\n,2,"say ""hi"""\r\n');
  });
});
