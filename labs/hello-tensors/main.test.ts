import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { createRecordingLab } from '../../src/lab/worker/create-lab.ts';
import type { LabOutput } from '../../src/lab/shared/protocol.ts';
import main from './main.ts';
import { gigaflopsPerSecond, matMulFlops } from './flops.ts';

/** The lab program exactly as learners see it, run in Node on the CPU backend with output collected. */
describe('hello-tensors', () => {
  test('a product of two n×n matrices costs 2n³ operations', () => {
    expect(matMulFlops(2)).toBe(16);
    expect(gigaflopsPerSecond(matMulFlops(1000), 1000)).toBe(2);
  });

  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  async function runLab(): Promise<{ outputs: LabOutput[]; tensorsBefore: number; tensorsAfter: number }> {
    const { lab, outputs } = createRecordingLab();
    const tensorsBefore = tf.memory().numTensors;
    await main(lab);
    return { outputs, tensorsBefore, tensorsAfter: tf.memory().numTensors };
  }

  test('leaves no tensor alive', async () => {
    const { tensorsBefore, tensorsAfter } = await runLab();
    expect(tensorsAfter).toBe(tensorsBefore);
  });

  test('reports the backend, the totals and one timing per size', async () => {
    const { outputs } = await runLab();
    const logs = outputs.flatMap((output) => (output.kind === 'log' ? [output.text] : []));
    expect(logs[0]).toContain('cpu backend');
    expect(logs.join('\n')).toContain('[9, 9, 10]');

    const [totals, speeds] = outputs.filter((output) => output.kind === 'table');
    expect(totals?.kind === 'table' && totals.rows).toEqual([
      [1, 9],
      [2, 9],
      [3, 10],
    ]);
    expect(speeds?.kind === 'table' && speeds.columns).toEqual(['n', 'median ms', 'GFLOP/s']);
    expect(speeds?.kind === 'table' && speeds.rows.map((row) => row[0])).toEqual([64, 128, 256]);

    const timings = outputs.flatMap((output) => (output.kind === 'timing' ? [output.timing] : []));
    expect(timings.map((timing) => timing.label)).toEqual(['matMul 64×64', 'matMul 128×128', 'matMul 256×256']);
    for (const timing of timings) expect(timing.runsMs).toHaveLength(3);

    const progress = outputs.filter((output) => output.kind === 'progress').at(-1);
    expect(progress?.kind === 'progress' && progress.done).toBe(3);

    const memory = outputs.find((output) => output.kind === 'memory');
    expect(memory?.kind === 'memory' && memory.report.numTensors).toBe(tf.memory().numTensors);
  });
});
