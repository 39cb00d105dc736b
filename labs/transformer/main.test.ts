import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, test } from 'vitest';
import { nodeLab } from '../../tests/fixtures/node-lab.ts';
import { registerWasmTrainingKernels } from '../../src/lab/worker/wasm-kernels/index.ts';
import { runTraining, type RunSettings } from './run.ts';
import { findCrossover } from '../api/crossover.ts';
import type { DeviceInfo } from '../api';
import { crossoverSentence, runSweep, sweepVerdict } from './sweep.ts';
import { verdictOf } from './verdict.ts';

/** The default run, shrunk to seconds: a narrow model, few steps, real Tiny Shakespeare. */
const tiny: RunSettings = {
  backends: ['wasm'],
  model: { layers: 1, width: 32, context: 16, heads: 2 },
  batchSize: 8,
  steps: 40,
  learningRate: 1e-2,
  seed: 42,
  lossReadEvery: 10,
  validationBatches: 2,
  generateCharacters: 30,
  temperature: 0.8,
  prompt: 'ROMEO:\n',
  smallSteps: 5,
  shrinkOnSoftwareGpu: true,
};

describe('transformer lab', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    await tf.ready();
  });

  test('trains on Tiny Shakespeare: the loss falls, text is written before and after, a verdict ends it, no tensor is left', async () => {
    const { lab, outputs, logs } = nodeLab();
    const before = tf.memory().numTensors;
    await runTraining(lab, tiny);
    expect(tf.memory().numTensors).toBe(before);
    expect(logs()).toContain('Tiny Shakespeare');
    expect(logs()).toContain('65 distinct characters');
    expect(logs()).toMatch(/Before training, the model writes:\nROMEO:\n.{30}/s);
    expect(logs()).toMatch(/After 40 steps on wasm, the model writes:\nROMEO:\n/);
    const losses = outputs.flatMap((output) => (output.kind === 'line-points' ? [output.values.wasm] : []));
    expect(losses.length).toBeGreaterThanOrEqual(4);
    expect(losses.at(-1)).toBeLessThan(losses[0] - 0.5);
    const table = outputs.find((output) => output.kind === 'table');
    expect(table).toBeDefined();
    const verdict = outputs.find((output) => output.kind === 'verdict');
    expect(verdict?.kind === 'verdict' ? verdict.text : '').toContain('WASM, the CPU baseline, was the fastest here');
  });

  test('the sweep measures every size within its limits and says why no GPU lead was measured', async () => {
    const { lab, outputs, logs } = nodeLab();
    const before = tf.memory().numTensors;
    await runSweep(lab, {
      backends: ['wasm'],
      model: { layers: 1, width: 16, context: 16, heads: 2 },
      vocabulary: 65,
      widths: [16, 32],
      contexts: [16, 32, 64],
      batchSize: 2,
      maxSecondsPerStep: 5,
      secondsPerPoint: 0.05,
      memoryLimitMB: 0.4,
      seed: 1,
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(logs()).toContain('No lead to measure: no GPU backend (webgl, webgpu) could start here.');
    expect(logs()).toMatch(/wasm stops growing the context at 32: .* over MEMORY_LIMIT_MB \(0.4\)\. Left out: context 64\./);
    const measured = outputs.find((output) => output.kind === 'measured');
    expect(measured).toMatchObject({ id: 'transformer-gpu-lead', value: null });
  });

  test('the verdicts say which backend was fastest, and when the lead came from a software renderer', () => {
    expect(
      verdictOf([
        { backend: 'wasm', charactersPerSecond: 4000, softwareRenderer: false },
        { backend: 'webgpu', charactersPerSecond: 12000, softwareRenderer: false },
      ]).text,
    ).toBe('webgpu trained 3.00× as fast as the WASM baseline (12,000 against 4,000 characters/s).');
    const sweep = sweepVerdict(
      [{ backend: 'webgl', first: 0.4, last: 0.3, at: 512 }],
      [
        {
          backend: 'webgl',
          device: {
            backend: 'webgl',
            requested: 'webgl',
            description: 'SwiftShader',
            crossOriginIsolated: true,
            cores: 2,
            softwareRenderer: true,
          },
        },
      ],
    );
    expect(sweep.text).toBe(
      "webgl's lead over WASM did not grow with the width, from 0.40× at the smallest to 0.30× at width 512, on a software renderer: an emulator on this CPU, so no real GPU took part.",
    );
  });
  test('a software renderer is never credited with a GPU lead, even where it edged ahead at tiny sizes', () => {
    const device = (softwareRenderer: boolean): DeviceInfo => ({
      backend: 'webgl',
      requested: 'webgl',
      description: softwareRenderer ? 'SwiftShader' : 'NVIDIA T4',
      crossOriginIsolated: true,
      cores: 2,
      softwareRenderer,
    });
    const wasm = new Map([16, 32].map((size) => [size, [100, 101, 102]]));
    const faster = new Map([16, 32].map((size) => [size, [80, 81, 82]]));
    const slower = new Map([16, 32].map((size) => [size, [300, 301, 302]]));
    const edged = crossoverSentence({ backend: 'webgl', device: device(true) }, 'width', findCrossover(wasm, faster));
    expect(edged).toContain('webgl, growing the width: no GPU lead to measure, as it runs on a software renderer (SwiftShader)');
    expect(edged).toContain(
      'It was faster at width 16, 32 all the same: at sizes this small both backends wait on fixed costs per kernel',
    );
    expect(crossoverSentence({ backend: 'webgl', device: device(true) }, 'context', findCrossover(wasm, slower))).not.toContain(
      'faster at',
    );
    expect(crossoverSentence({ backend: 'webgl', device: device(false) }, 'width', findCrossover(wasm, faster))).toBe(
      'webgl, growing the width: from width 16 on it stays faster than WASM (1.25× to 1.25× its characters per second).',
    );
  });
});
