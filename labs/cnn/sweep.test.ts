import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, test } from 'vitest';
import { nodeLab } from '../../tests/fixtures/node-lab.ts';
import { registerWasmTrainingKernels } from '../../src/lab/worker/wasm-kernels/index.ts';
import { runSweep } from './sweep.ts';

/**
 * The crossover sweep's reporting in Node, on WASM (the GPU backends do not start here): each size timed
 * with 3 repeats, one chart per batch size with width on the x axis, and a progress bar that counts only
 * the sizes it measures, the skipped ones named with the reason.
 */
describe('the crossover sweep', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    await tf.ready();
  });

  test('times each size 3 times, charts width per batch, and counts only the sizes it measures', async () => {
    const { lab, outputs, logs } = nodeLab();
    const tensorsBefore = tf.memory().numTensors;
    // A limit no step can meet: the first size is measured, every larger one is skipped.
    await runSweep(lab, {
      backends: ['wasm'],
      widths: [1, 2],
      batches: [4, 8],
      maxSecondsPerStep: 1e-9,
      secondsPerPoint: 0.01,
      seed: 1,
    });
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    const table = outputs.find((output) => output.kind === 'table' && output.title?.startsWith('Sweep results'));
    expect(table?.kind === 'table' && table.columns.at(-1)).toBe('repeats');
    expect(table?.kind === 'table' && table.rows).toEqual([[...(table?.kind === 'table' ? table.rows[0].slice(0, 8) : []), 3]]);

    expect(logs()).toContain(
      'wasm skipped 3 larger sizes (width 1, batch 8; width 2, batch 4; width 2, batch 8): width 1, batch 8 would take about',
    );
    expect(logs()).toContain('MAX_SECONDS_PER_STEP');
    const bar = outputs.filter((output) => output.kind === 'progress').at(-1);
    expect(bar?.kind === 'progress' && [bar.done, bar.total]).toEqual([1, 1]);

    const charts = outputs.flatMap((output) => (output.kind === 'line-chart' ? [output] : []));
    expect(charts.map((chart) => chart.title)).toEqual([
      'Training speed by network width, batch 4',
      'Training speed by network width, batch 8',
    ]);
    expect(charts[0]).toMatchObject({ xScale: 'log', yScale: 'log', series: ['wasm'], marks: [] });
    const points = outputs.flatMap((output) => (output.kind === 'line-points' ? [output] : []));
    expect(points).toEqual([expect.objectContaining({ chartId: charts[0].chartId, x: 1, values: { wasm: expect.any(Number) } })]);
    expect(logs()).not.toMatch(/shader compilation|compiling its shaders/);
  });
});
