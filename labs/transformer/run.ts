/**
 * The transformer lab's 'train' experiment: the same model, from the same weights, trained on the same
 * batches of Tiny Shakespeare on every backend. It charts the training loss, measures characters per second
 * and GFLOP/s, checks the validation loss on held-out lines, writes text before and after training so the
 * learner sees what was learned, and ends on a verdict.
 *
 * As in the CNN lab, the run goes in stages (`lab.stage`) that fold away once done, and the loss is read
 * back only every few steps: each read makes the CPU wait until the GPU has finished.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName, DeviceInfo, Lab } from '../api';
import { decodeTokens, sampleBatch, type TokenBatch } from '../api/text-corpus.ts';
import { seededRandom } from '../api/seeded-random.ts';
import { count, counted } from '../api/words.ts';
import { loadCorpus, type Corpus } from './corpus.ts';
import { trainingFlops } from './flops.ts';
import { generate } from './generate.ts';
import {
  causalMask,
  createTransformer,
  disposeTransformer,
  parameterCount,
  type Transformer,
  type TransformerShape,
} from './model.ts';
import { createOptimizer, evaluateLoss, trainOnSample } from './train.ts';
import { verdictOf, type BackendSpeed } from './verdict.ts';

export interface RunSettings {
  backends: readonly BackendName[];
  /** The model, all but its vocabulary (which the text decides). */
  model: Omit<TransformerShape, 'vocabulary'>;
  batchSize: number;
  steps: number;
  learningRate: number;
  seed: number;
  /** Read the loss back every this many steps (for the chart). */
  lossReadEvery: number;
  /** Validation batches from the held-out text, the same on every backend. */
  validationBatches: number;
  /** Characters written before and after training. */
  generateCharacters: number;
  temperature: number;
  prompt: string;
  /** Steps for slow backends: plain-JS 'cpu' always, WebGL/WebGPU on a software renderer when shrinkOnSoftwareGpu. */
  smallSteps: number;
  shrinkOnSoftwareGpu: boolean;
}

/** Untimed steps before the clock starts: the first pays for compiling shaders and first allocations. */
const WARMUP_STEPS = 2;

interface Trained {
  backend: BackendName;
  device: DeviceInfo;
  steps: number;
  msPerStep: number;
  charactersPerSecond: number;
  gflopsPerSecond: number;
  validationLoss: number;
}

function promptTokens(corpus: Corpus, prompt: string): number[] {
  const known = [...prompt].filter((character) => corpus.vocabulary.indexOf.has(character));
  return (known.length > 0 ? known : ['\n']).map((character) => corpus.vocabulary.indexOf.get(character) ?? 0);
}

async function sample(model: Transformer, corpus: Corpus, settings: RunSettings): Promise<string> {
  const prompt = promptTokens(corpus, settings.prompt);
  const tokens = await generate(model, prompt, {
    length: settings.generateCharacters,
    temperature: settings.temperature,
    random: seededRandom(settings.seed + 2),
  });
  return decodeTokens(tokens, corpus.vocabulary);
}

/** "4.174 at step 2 → 2.481 at step 200": the first and last loss read back. */
function lossWords(read: readonly { step: number; loss: number }[]): string {
  const [first, last] = [read[0], read.at(-1)];
  if (!first || !last) return 'not read';
  return `${first.loss.toFixed(3)} at step ${first.step} → ${last.loss.toFixed(3)} at step ${last.step}`;
}

async function startBackend(lab: Lab, backend: BackendName): Promise<DeviceInfo | undefined> {
  try {
    return await lab.useBackend(backend);
  } catch (error) {
    lab.log(`Skipping ${backend}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

async function trainOn(
  lab: Lab,
  backend: BackendName,
  device: DeviceInfo,
  corpus: Corpus,
  shape: TransformerShape,
  validation: readonly TokenBatch[],
  settings: RunSettings,
  lossChart: { add(x: number, values: Record<string, number>): void },
  writeSample: boolean,
): Promise<Trained> {
  const small = backend === 'cpu' || (settings.shrinkOnSoftwareGpu && device.softwareRenderer);
  const steps = small ? Math.min(settings.steps, settings.smallSteps) : settings.steps;
  const stage = lab.stage(
    `Training on ${backend}`,
    `${counted(steps, 'step')} of ${count(settings.batchSize * shape.context)} characters`,
  );
  lab.log(`${backend} runs on ${device.description}.`);
  if (small) {
    lab.log(
      backend === 'cpu'
        ? `cpu (plain JavaScript) trains ${counted(steps, 'step')} only: it is the slow reference.`
        : `${backend} runs on a software renderer (${device.description}): its "GPU" is an emulator on the CPU, so it trains ` +
            `${counted(steps, 'step')} only. Set SHRINK_ON_SOFTWARE_GPU to false to train it fully.`,
    );
  }
  const model = createTransformer(shape, settings.seed);
  const optimizer = createOptimizer(settings.learningRate);
  const mask = causalMask(shape.context);
  // The same seed gives every backend the very same batches.
  const random = seededRandom(settings.seed + 1);
  const progress = lab.progress({ label: `Training on ${backend}`, total: steps });
  try {
    if (writeSample) lab.log(`Before training, the model writes:\n${await sample(model, corpus, settings)}`);
    let started = 0;
    let timedSteps = 0;
    const lossesRead: { step: number; loss: number }[] = [];
    for (let step = 1; step <= steps; step++) {
      const loss = trainOnSample(model, optimizer, corpus.train, settings.batchSize, random, mask);
      const read = step === WARMUP_STEPS || step % settings.lossReadEvery === 0 || step === steps;
      if (read) {
        const [value] = await loss.data();
        lossesRead.push({ step, loss: value });
        if (step >= WARMUP_STEPS) lossChart.add(step, { [backend]: value });
        stage.now(`step ${count(step)} of ${count(steps)}, loss ${value.toFixed(3)}`);
      }
      loss.dispose();
      // The clock starts once the warm-up steps are read back, so it measures only steady steps.
      if (step === WARMUP_STEPS) started = performance.now();
      else if (step > WARMUP_STEPS) timedSteps += 1;
      progress.update(step);
    }
    const seconds = (performance.now() - started) / 1000;
    progress.finish();
    const msPerStep = timedSteps > 0 ? (1000 * seconds) / timedSteps : Number.NaN;
    const flops = trainingFlops(shape, settings.batchSize).total;
    stage.now('validation loss');
    const validationLoss = await evaluateLoss(model, validation, mask);
    const trained: Trained = {
      backend,
      device,
      steps,
      msPerStep,
      charactersPerSecond: (settings.batchSize * shape.context * 1000) / msPerStep,
      gflopsPerSecond: flops / (msPerStep / 1000) / 1e9,
      validationLoss,
    };
    lab.log(
      `${backend}: ${msPerStep.toFixed(1)} ms per step, ${count(trained.charactersPerSecond)} characters/s, ` +
        `${trained.gflopsPerSecond.toFixed(2)} GFLOP/s; training loss ${lossWords(lossesRead)}, validation loss ${validationLoss.toFixed(3)}.`,
    );
    if (writeSample) {
      stage.now('writing text');
      lab.log(`After ${counted(steps, 'step')} on ${backend}, the model writes:\n${await sample(model, corpus, settings)}`);
    }
    return trained;
  } finally {
    tf.dispose(mask);
    optimizer.dispose();
    disposeTransformer(model);
  }
}

export async function runTraining(lab: Lab, settings: RunSettings): Promise<void> {
  lab.stage('Data', 'Tiny Shakespeare, about 1.1 MB of text');
  const corpus = await loadCorpus(lab);
  const shape: TransformerShape = { ...settings.model, vocabulary: corpus.vocabulary.characters.length };
  const flops = trainingFlops(shape, settings.batchSize);
  lab.log(
    `Data: ${corpus.manifest.credit} ${count(corpus.train.length)} characters train and ${count(corpus.validation.length)} validate; ` +
      `${corpus.vocabulary.characters.length} distinct characters.`,
  );
  lab.log(
    `Model: ${shape.layers} layers, width ${shape.width}, context ${shape.context}, ${shape.heads} heads, ` +
      `${count(parameterCount(shape))} parameters; batch ${settings.batchSize}, Adam ${settings.learningRate}, seed ${settings.seed}. ` +
      `A step costs ${(flops.total / 1e9).toFixed(2)} GFLOP: ${Math.round((100 * flops.dense) / flops.total)} % in the wide products, ` +
      `${Math.round((100 * flops.attention) / flops.total)} % in attention, ${Math.round((100 * flops.embeddingAndOutput) / flops.total)} % in the embedding and output.`,
  );
  lab.log(
    `A model that knows nothing scores a loss of ln ${shape.vocabulary} ≈ ${Math.log(shape.vocabulary).toFixed(2)}; ` +
      `the loss is read back every ${counted(settings.lossReadEvery, 'step')}, and the first ${counted(WARMUP_STEPS, 'step')} are not timed.`,
  );
  const validationRandom = seededRandom(settings.seed + 3);
  const validation = Array.from({ length: settings.validationBatches }, () =>
    sampleBatch(corpus.validation, settings.batchSize, shape.context, validationRandom),
  );
  const lossChart = lab.lineChart({
    title: 'Training loss by step (the same batches on every backend)',
    series: [...settings.backends],
    xLabel: 'step',
    yLabel: 'loss (nats per character)',
  });
  const trained: Trained[] = [];
  for (const backend of settings.backends) {
    const device = await startBackend(lab, backend);
    if (!device) continue;
    // Text is written once, by the first backend that trains fully: every backend learns the same weights.
    const writeSample = !trained.some((run) => run.steps === settings.steps);
    trained.push(await trainOn(lab, backend, device, corpus, shape, validation, settings, lossChart, writeSample));
  }

  lab.stage('Results', 'speed, arithmetic rate and validation loss per backend');
  lab.table(
    trained.map((run) => ({
      backend: run.backend,
      device: run.device.description,
      steps: run.steps,
      'ms per step': Number(run.msPerStep.toFixed(1)),
      'characters/s': Math.round(run.charactersPerSecond),
      'GFLOP/s': Number(run.gflopsPerSecond.toFixed(2)),
      'validation loss': Number(run.validationLoss.toFixed(3)),
    })),
    { title: 'Training speed and validation loss (characters/s: batch × context per step)' },
  );
  const speeds: BackendSpeed[] = trained
    .filter((run) => Number.isFinite(run.charactersPerSecond))
    .map((run) => ({
      backend: run.backend,
      charactersPerSecond: run.charactersPerSecond,
      softwareRenderer: run.device.softwareRenderer,
    }));
  lab.verdict(verdictOf(speeds));
}
