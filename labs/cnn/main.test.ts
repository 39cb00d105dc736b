import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, test } from 'vitest';
import { createLab } from '../../src/lab/create-lab.ts';
import type { LabOutput } from '../../src/lab/protocol.ts';
import { registerWasmTrainingKernels } from '../../src/wasm-kernels/index.ts';
import { runBenchmark, type BenchmarkSettings } from './main.ts';
import { toCsv } from './report.ts';

/**
 * The benchmark exactly as learners run it, on a tiny workload: WASM with the course's training kernels
 * (single-threaded in Node, still far faster than the plain-JS backend) and 64 images.
 */
const tiny: BenchmarkSettings = {
  backends: ['wasm'],
  trainImages: 64,
  testImages: 64,
  epochs: 1,
  batchSize: 32,
  repeats: 1,
  warmupSteps: 1,
  seed: 42,
  lossReadsPerEpoch: 2,
  smallWorkloadImages: 32,
  shrinkOnSoftwareGpu: true,
  clearSavedResults: false,
};

describe('cnn-benchmark', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    await tf.ready();
  });

  test('trains, reports a results table beside the reference rows, and leaves no tensor alive', async () => {
    const outputs: LabOutput[] = [];
    const lab = createLab((output) => outputs.push(output), { requested: 'wasm', description: 'WebAssembly in Node' });
    const tensorsBefore = tf.memory().numTensors;
    await runBenchmark(lab, tiny);
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    const logs = outputs.flatMap((output) => (output.kind === 'log' ? [output.text] : []));
    expect(logs.join('\n')).toContain('Method:');
    expect(logs.join('\n')).toMatch(/Estimated total: about/);
    expect(logs.join('\n')).toContain('What dominates a step: WASM');

    const results = outputs.find((output) => output.kind === 'table' && output.title?.startsWith('Results'));
    expect(results?.kind === 'table' && results.columns.slice(0, 4)).toEqual(['setup', 'device', 'time (s)', 'accuracy (%)']);
    const rows = results?.kind === 'table' ? results.rows : [];
    expect(rows.map((row) => row[0])).toEqual(['Project reference: PyTorch, CPU', 'Project reference: PyTorch, GPU', 'Your browser: wasm']);
    const time = rows[2]?.[2];
    expect(typeof time === 'number' && time > 0).toBe(true);

    const points = outputs.filter((output) => output.kind === 'line-points');
    expect(points).toHaveLength(2);
    for (const point of points) expect(point.kind === 'line-points' && Number.isFinite(point.values.wasm)).toBe(true);

    const downloads = outputs.flatMap((output) => (output.kind === 'download' ? [output] : []));
    expect(downloads.map((download) => download.fileName)).toEqual(['cnn-benchmark-results.csv', 'cnn-benchmark-results.json']);
    expect(downloads[0]?.text.split('\r\n')[0]).toContain('backend');
  });

  test('CSV quotes what needs quoting', () => {
    expect(toCsv([{ a: 'x, y', b: 1 }, { b: 2, c: 'say "hi"' }])).toBe('a,b,c\r\n"x, y",1,\r\n,2,"say ""hi"""\r\n');
  });
});
