/**
 * The transformer's PyTorch twin (scripts/pytorch/transformer_reference.py) must be the same model as
 * labs/transformer/model.ts, or `npm run bench -- --model transformer` compares two different things. So
 * TF.js (the WASM backend with the course's kernels, as in the lab) trains the default model for three Adam
 * steps on real Tiny Shakespeare, and PyTorch, given the same initial weights and batches, must report the
 * same losses; its parameter and FLOP counts must be TF.js's too.
 *
 * Needs torch for /usr/bin/python3 (Debian: apt-get install -y python3-torch, which CI installs): without it
 * these tests fail and say so, because a reference that is never run can drift unseen.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { seededRandom } from '../../labs/api/seeded-random.ts';
import {
  characterVocabulary,
  encodeText,
  parseTextManifest,
  sampleBatch,
  splitTokens,
  TEXT_MANIFEST_PATH,
  textFilePath,
} from '../../labs/api/text-corpus.ts';
import { trainingFlops } from '../../labs/transformer/flops.ts';
import { BATCH_SIZE, CONTEXT, HEADS, LAYERS, WIDTH } from '../../labs/transformer/main.ts';
import {
  causalMask,
  createTransformer,
  disposeTransformer,
  parameterCount,
  variableNames,
  type TransformerShape,
} from '../../labs/transformer/model.ts';
import { batchTensors, createOptimizer, trainStep } from '../../labs/transformer/train.ts';
import { registerWasmTrainingKernels } from '../../src/lab/worker/wasm-kernels/index.ts';

const PYTHON = '/usr/bin/python3';
const SCRIPT = 'scripts/pytorch/transformer_reference.py';
const DATA = 'public/data';
/** The lab's default model and batch, and its learning rate (LEARNING_RATE in main.ts). */
const MODEL = { width: WIDTH, context: CONTEXT, layers: LAYERS, heads: HEADS };
const LEARNING_RATE = 3e-3;
const STEPS = 3;
/**
 * Float32 in both, but not the same sums: the course's WASM GEMM and PyTorch's BLAS add in different orders, and PyTorch
 * gathers embedding rows where TF.js multiplies by a one-hot matrix. Here the two differ by 3e-6 at most over
 * the three steps. A wrong detail shows well above 1e-4: without the 1/√headWidth the losses move by 2e-4 at
 * the first step and 1.3e-3 by the third; heads cut from the wrong columns, by 1.5e-2. (Adam's epsilon, 1e-7
 * against PyTorch's default 1e-8, is too small for three steps to show: the gradients here are far larger.)
 */
const LOSS_TOLERANCE = 1e-4;

function torchMissing(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} is not installed`;
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  return probe.status === 0 ? null : `${PYTHON} cannot import torch`;
}

const missing = torchMissing();

function requireTorch(): void {
  if (missing)
    throw new Error(
      `The transformer's PyTorch reference cannot be checked: ${missing}. Install PyTorch for it (Debian: apt-get install -y python3-torch; CI installs it).`,
    );
}

/** Runs the script and parses every stdout line as JSON; a failing run fails with the script's own message. */
function reference(args: string[], input?: string): Record<string, unknown>[] {
  const run = spawnSync(PYTHON, [SCRIPT, ...args], { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`${SCRIPT} ${args[0]} exited with ${run.status}: ${run.stderr.trim()}`);
  return run.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Tiny Shakespeare's training text as character indices, read as the lab reads it, through the contract. */
function trainingTokens(): { tokens: Uint16Array; vocabulary: number } {
  const manifest = parseTextManifest(JSON.parse(readFileSync(path.join(DATA, TEXT_MANIFEST_PATH), 'utf8')));
  const text = readFileSync(path.join(DATA, textFilePath(manifest)), 'utf8');
  const vocabulary = characterVocabulary(text);
  return {
    tokens: splitTokens(encodeText(text, vocabulary), manifest.trainFraction).train,
    vocabulary: vocabulary.characters.length,
  };
}

describe('scripts/pytorch/transformer_reference.py', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    await tf.ready();
  });

  test(`trains like TF.js: the same losses over ${STEPS} Adam steps on Tiny Shakespeare, from the same weights`, async () => {
    requireTorch();
    const { tokens, vocabulary } = trainingTokens();
    const shape: TransformerShape = { vocabulary, ...MODEL };
    const random = seededRandom(42);
    const batches = Array.from({ length: STEPS }, () => sampleBatch(tokens, BATCH_SIZE, shape.context, random));

    const model = createTransformer(shape, 42);
    const names = variableNames(shape);
    const weights = Object.fromEntries(
      await Promise.all(model.variables.map(async (variable, i) => [names[i], Array.from(await variable.data())])),
    );
    const optimizer = createOptimizer(LEARNING_RATE);
    const mask = causalMask(shape.context);
    const tfjsLosses: number[] = [];
    for (const batch of batches) {
      const { inputs, targets } = batchTensors(batch);
      const loss = trainStep(model, optimizer, inputs, targets, mask);
      tfjsLosses.push((await loss.data())[0]);
      tf.dispose([loss, inputs, targets]);
    }
    tf.dispose(mask);
    optimizer.dispose();
    disposeTransformer(model);

    const request = {
      shape,
      weights,
      batches: batches.map((batch) => ({ inputs: Array.from(batch.inputs), targets: Array.from(batch.targets) })),
      batchSize: BATCH_SIZE,
      learningRate: LEARNING_RATE,
    };
    const [line] = reference(['same-steps'], JSON.stringify(request));
    const pytorchLosses = line?.losses as number[];
    expect(pytorchLosses).toHaveLength(STEPS);
    // A fresh model knows nothing (about ln 65 = 4.17), and Adam must have moved it by the third step.
    expect(Math.abs(tfjsLosses[0] - Math.log(vocabulary))).toBeLessThan(0.2);
    expect(tfjsLosses[2]).not.toBe(tfjsLosses[0]);
    for (const [step, loss] of tfjsLosses.entries())
      expect(Math.abs(pytorchLosses[step] - loss), `step ${step}: TF.js ${loss}, PyTorch ${pytorchLosses[step]}`).toBeLessThan(
        LOSS_TOLERANCE,
      );
  });

  test('counts the parameters and training FLOPs that model.ts and flops.ts count', () => {
    requireTorch();
    const shapes: [TransformerShape, number][] = [
      [{ vocabulary: 65, ...MODEL }, BATCH_SIZE],
      [{ vocabulary: 11, width: 48, context: 24, layers: 3, heads: 6 }, 5],
    ];
    for (const [shape, batch] of shapes) {
      const args = [
        'counts',
        ...Object.entries(shape).flatMap(([name, value]) => [`--${name}`, String(value)]),
        '--batch',
        String(batch),
      ];
      const [line] = reference(args);
      expect(line).toEqual({ mode: 'counts', parameters: parameterCount(shape), flopsPerStep: trainingFlops(shape, batch) });
    }
    expect(parameterCount({ vocabulary: 65, ...MODEL })).toBe(107_840);
  });

  test('sweep prints the throughput lines the benchmarks read, in the order given, with the same FLOPs', () => {
    requireTorch();
    const lines = reference([
      'sweep',
      '--sizes',
      '16x8,32x8',
      '--batch',
      '2',
      '--layers',
      '1',
      '--heads',
      '2',
      '--min-seconds',
      '0.01',
      '--device',
      'cpu',
      '--threads',
      '1',
    ]);
    const measured = lines.filter((line) => line.mode === 'throughput');
    expect(measured.map((line) => [line.width, line.context])).toEqual([
      [16, 8],
      [32, 8],
    ]);
    for (const line of measured) {
      const shape = { vocabulary: 65, width: line.width as number, context: 8, layers: 1, heads: 2 };
      expect(line).toMatchObject({ batch: 2, threads: 1, device: 'cpu', flopsPerStep: trainingFlops(shape, 2).total });
      for (const field of ['msPerStep', 'tokensPerSecond', 'gflopsPerSecond', 'firstStepMs', 'deviceName', 'torch', 'steps'])
        expect(line).toHaveProperty(field);
      expect(line.tokensPerSecond).toBeGreaterThan(0);
    }
    expect(lines.at(-1)).toEqual({ mode: 'sweep', measured: 2, skipped: [] });
  });

  test('says what is wrong with a weight it is given', () => {
    requireTorch();
    const shape = { vocabulary: 5, width: 4, context: 2, layers: 1, heads: 2 };
    const run = spawnSync(PYTHON, [SCRIPT, 'same-steps'], {
      encoding: 'utf8',
      input: JSON.stringify({ shape, weights: { tokenEmbedding: [1] }, batches: [], batchSize: 1, learningRate: 0.1 }),
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("missing ['blocks.0.attentionOut'");
  });
});
