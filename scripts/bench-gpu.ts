/**
 * npm run bench:gpu -- [--widths 1,2,4,8] [--batches 64,256,1024] [--backends webgpu,wasm]
 *                      [--pytorch auto|cpu|cuda|none] [--max-seconds-per-step S] [--min-seconds S]
 *                      [--min-steps N] [--max-steps N] [--time-budget S] [--json]
 *                      [--vulkan-icd PATH] [--dawn OPTION]… [--python PATH] [--pytorch-script PATH]
 *                      [--pytorch-threads N]
 * npm run bench:gpu -- --model transformer [--widths 64,128,256,512] [--contexts 64,128,256,512] [--batch 8]
 *                      [--layers 2] [--heads 4] [and the options above but --batches]
 *
 * --model transformer sweeps the transformer lab's sizes instead of the CNN's (scripts/bench/gpu/
 * run-transformer-sweep.ts): the width grows at the smallest context, then the context at the smallest
 * width, at batch 8, against scripts/pytorch/transformer_reference.py; its lines are `transformer-point`,
 * `transformer-skipped` and `transformer-summary` records, in characters per second.
 *
 * The crossover sweep on a real GPU API in Node: tfjs's WebGPU backend on Dawn (npm `webgpu`), tfjs's
 * WASM backend with the course's training kernels, and the PyTorch reference on the same sizes (CUDA
 * when torch sees a GPU, with --pytorch auto). Prints one line per size and backend (one JSON object
 * each with --json), then where WebGPU overtakes WASM and how it compares with PyTorch at each size.
 * Without a GPU, Dawn runs on Chromium's SwiftShader, and the summary says why no crossover can come.
 * Progress goes to stderr. Exits 1 when a requested backend could not start.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_SWEEP_BATCHES, DEFAULT_SWEEP_WIDTHS } from '../labs/cnn/sweep-plan.ts';
import { PYTORCH_CHOICES, type PytorchDevice } from './bench/gpu/pytorch-sweep.ts';
import {
  TFJS_BACKENDS,
  type BenchGpuRecord,
  type PointRecord,
  type SizeRatio,
  type TfjsBackend,
  type TransformerPointRecord,
} from './bench/gpu/records.ts';
import { runBenchGpu } from './bench/gpu/run-sweep.ts';
import { runTransformerGpuSweep } from './bench/gpu/run-transformer-sweep.ts';
import {
  DEFAULT_TRANSFORMER,
  SWEEP_BATCH,
  SWEEP_CONTEXTS,
  SWEEP_WIDTHS,
  transformerSweepSizes,
} from './bench/transformer-plan.ts';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'cnn' },
    // Defaults by model, below.
    widths: { type: 'string' },
    batches: { type: 'string' },
    contexts: { type: 'string' },
    batch: { type: 'string' },
    layers: { type: 'string' },
    heads: { type: 'string' },
    backends: { type: 'string', default: TFJS_BACKENDS.join(',') },
    pytorch: { type: 'string', default: 'auto' },
    'max-seconds-per-step': { type: 'string', default: '5' },
    'min-seconds': { type: 'string', default: '2' },
    'min-steps': { type: 'string', default: '2' },
    'max-steps': { type: 'string', default: '200' },
    'time-budget': { type: 'string', default: '3600' },
    'vulkan-icd': { type: 'string' },
    dawn: { type: 'string', multiple: true, default: [] },
    python: { type: 'string', default: '/usr/bin/python3' },
    // PyTorch's CPU threads (default: one per core, as npm run bench). tfjs wasm runs one thread in Node.
    'pytorch-threads': { type: 'string', default: String(availableParallelism()) },
    // Beside this file in the repository (scripts/pytorch/), and beside the bundle in the GPU pack; default by model.
    'pytorch-script': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  process.stderr.write(`bench:gpu: ${message}\n`);
  process.exit(2);
}

function wholeNumbers(name: string, text: string): number[] {
  const numbers = text.split(',').map((part) => Number(part.trim()));
  if (numbers.length === 0 || numbers.some((n) => !Number.isInteger(n) || n < 1))
    fail(`--${name} takes whole numbers above 0 separated by commas, e.g. 1,2,4; not "${text}".`);
  return numbers;
}

function positive(name: string, text: string, { whole = false, allowZero = false } = {}): number {
  const number = Number(text);
  if (!Number.isFinite(number) || number < 0 || (!allowZero && number === 0) || (whole && !Number.isInteger(number)))
    fail(`--${name} must be a${whole ? ' whole' : ''} number${allowZero ? '' : ' above 0'}, not "${text}".`);
  return number;
}

if (values.model !== 'cnn' && values.model !== 'transformer') fail(`--model must be cnn or transformer, not "${values.model}".`);
const transformer = values.model === 'transformer';
for (const name of transformer ? ['batches'] : ['contexts', 'batch', 'layers', 'heads'])
  if (values[name as keyof typeof values] !== undefined)
    fail(`--${name} applies to --model ${transformer ? 'cnn' : 'transformer'} only.`);

const backends = values.backends.split(',').map((name) => name.trim());
for (const name of backends)
  if (!TFJS_BACKENDS.includes(name as TfjsBackend)) fail(`unknown backend "${name}"; use some of ${TFJS_BACKENDS.join(',')}.`);
if (!PYTORCH_CHOICES.includes(values.pytorch as (typeof PYTORCH_CHOICES)[number]))
  fail(`--pytorch must be one of ${PYTORCH_CHOICES.join(', ')}, not "${values.pytorch}".`);
const minSteps = positive('min-steps', values['min-steps'], { whole: true });
const maxSteps = positive('max-steps', values['max-steps'], { whole: true });
if (maxSteps < minSteps) fail(`--max-steps (${maxSteps}) is below --min-steps (${minSteps}).`);

const log = (line: string) => process.stderr.write(`bench:gpu: ${line}\n`);

function textLine(record: BenchGpuRecord): string | null {
  switch (record.record) {
    case 'backend':
      if (record.error) return `${record.backend}: cannot run: ${record.error}`;
      return `${record.backend}: ${record.device}${record.driver ? ` via ${record.driver}` : ''}; check step loss ${record.check_loss?.toFixed(5)} (CPU backend ${record.check_loss_cpu?.toFixed(5)}: ${record.check_loss_matches ? 'same' : 'DIFFERENT'})`;
    case 'point':
      return pointLine(record);
    case 'skipped':
      return `${record.backend.padEnd(12)} width ${record.width}, batch ${record.batch}: skipped, ${record.reason}`;
    case 'transformer-point':
      return transformerPointLine(record);
    case 'transformer-skipped':
      return `${record.backend.padEnd(12)} width ${record.width}, context ${record.context}: skipped, ${record.reason}`;
    case 'summary':
    case 'transformer-summary':
      return null;
  }
}

function transformerPointLine(point: TransformerPointRecord): string {
  const ratio = point.ratio_to_pytorch === null ? '' : `  ${point.ratio_to_pytorch.toFixed(3)}× PyTorch`;
  return `${point.backend.padEnd(12)} width ${String(point.width).padEnd(4)} context ${String(point.context).padEnd(4)} ${point.tokens_per_second.toFixed(0).padStart(8)} characters/s ${point.gflops_per_second.toFixed(2).padStart(8)} GFLOP/s  first step ${point.first_step_ms.toFixed(0)} ms${ratio}`;
}

/** One record as it comes: a JSON line with --json, else a line of text (none for the summaries). */
function print(record: BenchGpuRecord): void {
  if (values.json) process.stdout.write(`${JSON.stringify(record)}\n`);
  else {
    const line = textLine(record);
    if (line) process.stdout.write(`${line}\n`);
  }
}

/** The PyTorch references lie beside this file in the repository (scripts/pytorch/), and beside the bundle in the GPU pack. */
const besideThisFile = (name: string) => fileURLToPath(new URL(`./pytorch/${name}`, import.meta.url));

const sizeRatios = (entries: SizeRatio[]) =>
  entries.map((entry) => `${entry.width}x${entry.context} ${entry.ratio.toFixed(3)}×`).join(', ');

function pointLine(point: PointRecord): string {
  const ratio = point.ratio_to_pytorch === null ? '' : `  ${point.ratio_to_pytorch.toFixed(3)}× PyTorch`;
  return `${point.backend.padEnd(12)} width ${point.width}, batch ${String(point.batch).padEnd(5)} ${point.images_per_second.toFixed(1).padStart(9)} images/s ${point.gflops_per_second.toFixed(2).padStart(8)} GFLOP/s  first step ${point.first_step_ms.toFixed(0)} ms${ratio}`;
}

/** The options both models' sweeps take alike, from the command line; `reference` is the PyTorch script's file name. */
function runOptions(reference: string) {
  return {
    backends: backends as TfjsBackend[],
    minSeconds: positive('min-seconds', values['min-seconds'], { allowZero: true }),
    minSteps,
    maxSteps,
    maxSecondsPerStep: positive('max-seconds-per-step', values['max-seconds-per-step']),
    timeBudgetSeconds: positive('time-budget', values['time-budget']),
    pytorch: values.pytorch as PytorchDevice | 'none',
    python: values.python,
    pytorchScript: values['pytorch-script'] ?? besideThisFile(reference),
    pytorchThreads: positive('pytorch-threads', values['pytorch-threads'], { whole: true }),
    webgpu: { vulkanIcd: values['vulkan-icd'], dawnOptions: values.dawn, log },
    seed: 42,
  };
}

async function runCnn() {
  const outcome = await runBenchGpu(
    {
      widths: wholeNumbers('widths', values.widths ?? DEFAULT_SWEEP_WIDTHS.join(',')),
      batches: wholeNumbers('batches', values.batches ?? DEFAULT_SWEEP_BATCHES.join(',')),
      ...runOptions('cnn_reference.py'),
    },
    print,
    log,
  );

  if (!values.json) {
    const { summary } = outcome;
    const from = summary.webgpu_beats_wasm_from;
    process.stdout.write(
      `\nwebgpu vs wasm: ${summary.webgpu_vs_wasm.map((entry) => `w${entry.width}/b${entry.batch} ${entry.ratio.toFixed(3)}×`).join(', ') || 'no size in common'}\n`,
    );
    process.stdout.write(
      `crossover: ${from ? `webgpu beats wasm from width ${from.width}, batch ${from.batch}` : 'none: webgpu beat wasm at no size measured'}\n`,
    );
    process.stdout.write(
      `webgpu vs ${summary.pytorch ?? 'PyTorch'}: ${summary.webgpu_vs_pytorch.map((entry) => `w${entry.width}/b${entry.batch} ${entry.ratio.toFixed(4)}×`).join(', ') || `not compared (${outcome.pytorchProblem ?? 'no size in common'})`}\n`,
    );
    process.stdout.write(`${summary.note}\n`);
    process.stdout.write(
      `(PyTorch on ${values['pytorch-threads']} thread(s) when on the CPU; tfjs wasm in Node is single-threaded.)\n`,
    );
  }
  return outcome.failedBackends;
}

/** The transformer's sweep sizes from the options; a width that does not divide by the heads stops here. */
function transformerSizes() {
  const model = {
    vocabulary: DEFAULT_TRANSFORMER.vocabulary,
    layers: positive('layers', values.layers ?? String(DEFAULT_TRANSFORMER.layers), { whole: true }),
    heads: positive('heads', values.heads ?? String(DEFAULT_TRANSFORMER.heads), { whole: true }),
  };
  try {
    return transformerSweepSizes(
      wholeNumbers('widths', values.widths ?? SWEEP_WIDTHS.join(',')),
      wholeNumbers('contexts', values.contexts ?? SWEEP_CONTEXTS.join(',')),
      model,
      positive('batch', values.batch ?? String(SWEEP_BATCH), { whole: true }),
    );
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

async function runTransformer() {
  const outcome = await runTransformerGpuSweep(
    {
      sizes: transformerSizes(),
      ...runOptions('transformer_reference.py'),
    },
    print,
    log,
  );
  if (!values.json) {
    const { summary } = outcome;
    const from = summary.webgpu_beats_wasm_from;
    const pytorch = summary.pytorch ?? 'PyTorch';
    process.stdout.write(`\nwebgpu vs wasm: ${sizeRatios(summary.webgpu_vs_wasm) || 'no size in common'}\n`);
    process.stdout.write(
      `crossover: ${from ? `webgpu beats wasm from width ${from.width}, context ${from.context}` : 'none: webgpu beat wasm at no size measured'}\n`,
    );
    const notCompared = `not compared (${outcome.pytorchProblem ?? 'no size in common'})`;
    process.stdout.write(`webgpu vs ${pytorch}: ${sizeRatios(summary.webgpu_vs_pytorch) || notCompared}\n`);
    process.stdout.write(`wasm vs ${pytorch}: ${sizeRatios(summary.wasm_vs_pytorch) || notCompared}\n`);
    process.stdout.write(`${summary.note}\n`);
    process.stdout.write(
      `(PyTorch on ${values['pytorch-threads']} thread(s) when on the CPU; tfjs wasm in Node is single-threaded.)\n`,
    );
  }
  return outcome.failedBackends;
}

const failedBackends = transformer ? await runTransformer() : await runCnn();
for (const { backend, error } of failedBackends) log(`${backend} did not run: ${error}`);
// Dawn's instance keeps Node alive while it is referenced; the run is over.
process.exit(failedBackends.length > 0 ? 1 : 0);
