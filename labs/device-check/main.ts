import * as tf from '@tensorflow/tfjs';
import type { BackendName, Lab, TableRow } from '../api';
import { inspectWasm, inspectWebGl, inspectWebGpu } from './hardware.ts';
import { softwareRendererIn } from '../api/software-renderers.ts';
import { median } from '../api/median.ts';
import { describeIsolation } from '../api/isolation.ts';
import { findCrossover, MIN_REPEATS, type RepeatedTimings } from '../api/crossover.ts';
import { firstRunSentence, raceSentence } from './race-words.ts';

/** The backends to try, in the order they are tried. */
const BACKENDS: readonly BackendName[] = ['cpu', 'wasm', 'webgl', 'webgpu'];
/** Square matrix sizes for the "is it really on the GPU?" race, small to large. */
const SIZES = [32, 128, 256, 512];
/** The plain-JavaScript backend needs seconds for one 512×512 product: keep it to small sizes. */
const CPU_BACKEND_MAX_SIZE = 128;
/** Timed runs per size (the median is reported), after a first run timed on its own: the crossover rule needs 3. */
const REPEATS = MIN_REPEATS;
/** Rows and columns of the tensor that hops between backends in the "break it on purpose" part. */
const HOP_SIZE = 512;

const gpuBackends: readonly BackendName[] = ['webgl', 'webgpu'];

/** The legend's name for the mark of a GPU backend's crossover. */
const crossoverMark = (backend: BackendName) => `${backend} stays faster from here`;

/**
 * The baseline the GPU must beat: at each size, the runs of whichever CPU-side backend (cpu, wasm) had
 * the lower median there.
 */
function fastestCpuSide(
  cpuSide: readonly BackendName[],
  timings: ReadonlyMap<BackendName, Map<number, number[]>>,
): RepeatedTimings {
  const fastest = new Map<number, number[]>();
  for (const name of cpuSide) {
    for (const [size, runs] of timings.get(name) ?? []) {
      const current = fastest.get(size);
      if (!current || median(runs) < median(current)) fastest.set(size, runs);
    }
  }
  return fastest;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export default async function main(lab: Lab) {
  const startedOn = lab.device();
  lab.log(`The page started this program on the ${startedOn.backend} backend (${startedOn.description}).`);

  // 1. Which backends start here? The browser's torch.cuda.is_available(), asked four times.
  const working: BackendName[] = [];
  const descriptions = new Map<BackendName, string>();
  const startRows: TableRow[] = [];
  for (const name of BACKENDS) {
    try {
      const device = await lab.useBackend(name);
      working.push(name);
      descriptions.set(name, device.description);
      startRows.push({ backend: name, starts: 'yes', 'device or reason': device.description });
    } catch (error) {
      startRows.push({ backend: name, starts: 'no', 'device or reason': message(error) });
    }
  }
  lab.table(startRows, { title: 'Which TensorFlow.js backends start here' });

  // 2. The hardware behind them: get_device_name(0) and friends.
  const webgpu = await inspectWebGpu();
  const webgl = inspectWebGl();
  const wasm = inspectWasm();
  const cores = typeof navigator === 'object' ? navigator.hardwareConcurrency : 0;
  const isolated = globalThis.crossOriginIsolated === true;
  lab.table(
    [
      { property: 'CPU threads (navigator.hardwareConcurrency)', value: cores },
      { property: 'cross-origin isolated (needed for WASM threads)', value: isolated },
      { property: 'how the page is isolated', value: describeIsolation() },
      { property: 'WASM SIMD', value: wasm.available ? wasm.value.simd : wasm.reason },
      { property: 'WASM threads (shared memory)', value: wasm.available ? wasm.value.threads : wasm.reason },
      { property: 'WebGL renderer', value: webgl.available ? webgl.value.renderer : webgl.reason },
      { property: 'WebGL float32 textures', value: webgl.available ? webgl.value.float32Textures : 'n/a' },
      {
        property: 'WebGPU adapter',
        value: webgpu.available
          ? [webgpu.value.vendor, webgpu.value.architecture, webgpu.value.description].filter(Boolean).join(' / ')
          : webgpu.reason,
      },
      { property: 'WebGPU features', value: webgpu.available ? webgpu.value.features.join(', ') || 'none' : 'n/a' },
      { property: 'WebGPU shader-f16', value: webgpu.available ? webgpu.value.features.includes('shader-f16') : 'n/a' },
      ...(webgpu.available
        ? Object.entries(webgpu.value.limits).map(([name, value]) => ({ property: `WebGPU ${name}`, value }))
        : []),
    ],
    { title: 'The hardware, as the browser reports it' },
  );
  // The pool size comes from the backend that started, not from a formula: tfjs-backend-wasm 4.22 on its
  // own starts min(8, cores / 2) threads, and this site lifts that cap (src/lab/worker/backend-setup.ts).
  const wasmPool = descriptions.get('wasm');
  lab.log(
    wasmPool
      ? `The WASM thread pool that started here: ${wasmPool}. ` +
          `tfjs-backend-wasm alone would start min(8, cores / 2) threads; this site lifts that cap to one per logical core${isolated ? '' : ', and threads need a cross-origin isolated page'}.`
      : `The WASM backend did not start here, so no thread pool exists (${cores} logical cores reported).`,
  );

  const gpuNames = [
    webgl.available ? webgl.value.renderer : '',
    webgpu.available ? `${webgpu.value.architecture} ${webgpu.value.description}` : '',
  ];
  const software = gpuNames.map(softwareRendererIn).find((found) => found !== null);
  if (software) {
    lab.log(
      `Software GPU: ${software}. This is a program running on the CPU that pretends to be a GPU, ` +
        'so it runs GPU code correctly but slowly: expect WebGL and WebGPU here to lose to the WASM backend.',
    );
  } else if (webgl.available || webgpu.available) {
    lab.log('The GPU names above are not known software renderers: this looks like real graphics hardware.');
  } else {
    lab.log('No GPU API is available here, so there is no GPU to check.');
  }

  // 3. Is it really on the GPU? The same matrix product on every backend that started.
  const timings = new Map<BackendName, Map<number, number[]>>();
  const marks = working.filter((name) => gpuBackends.includes(name)).map(crossoverMark);
  const chart = lab.lineChart({
    title: 'matMul n×n: median time per backend',
    series: [...working, ...marks],
    marks,
    xLabel: 'n (log scale)',
    yLabel: 'ms (log scale)',
    xScale: 'log',
    yScale: 'log',
  });
  const raceRows: TableRow[] = [];
  for (const name of working) {
    await lab.useBackend(name);
    const bySize = new Map<number, number[]>();
    for (const n of SIZES) {
      if (name === 'cpu' && n > CPU_BACKEND_MAX_SIZE) continue;
      const matrix = tf.randomNormal([n, n], 0, 1, 'float32', n);
      // The first run pays the backend's one-off costs for this size; time it apart from the rest.
      const first = await lab.time(`${name} matMul ${n}×${n}, first run`, () => tf.matMul(matrix, matrix), {
        warmup: 0,
        repeats: 1,
      });
      const timing = await lab.time(`${name} matMul ${n}×${n}`, () => tf.matMul(matrix, matrix), { warmup: 0, repeats: REPEATS });
      matrix.dispose();
      bySize.set(n, timing.runsMs);
      chart.add(n, { [name]: timing.medianMs });
      raceRows.push({
        backend: name,
        n,
        'first run ms': Number(first.medianMs.toFixed(2)),
        'median ms': Number(timing.medianMs.toFixed(2)),
        'GFLOP/s': Number(((2 * n ** 3) / timing.medianMs / 1e6).toFixed(2)),
      });
    }
    timings.set(name, bySize);
  }
  lab.table(raceRows, { title: `matMul n×n: the first run, then the median of the next ${REPEATS} runs` });
  lab.log(
    `The plain-JS cpu backend stops at n = ${CPU_BACKEND_MAX_SIZE}: it multiplies on one thread without SIMD, and 512 would take seconds.`,
  );
  lab.log(firstRunSentence(raceRows));

  const baseline = fastestCpuSide(
    working.filter((name) => !gpuBackends.includes(name)),
    timings,
  );
  for (const gpu of working.filter((name) => gpuBackends.includes(name))) {
    // An emulated GPU is never credited with a crossover (labs/api/crossover.ts): no mark, no figure.
    const verdict = findCrossover(baseline, timings.get(gpu) ?? new Map(), { emulated: software !== undefined });
    const at = verdict.compared.find((size) => size.size === verdict.from);
    if (at) chart.add(at.size, { [crossoverMark(gpu)]: at.candidateMedian });
    lab.log(raceSentence(gpu, verdict, software !== undefined));
    // What the lesson's prediction prompt asks about: from which n WebGL stays faster.
    if (gpu === 'webgl') lab.measured('matmul-crossover', verdict.from, '');
  }
  if (!working.some((name) => gpuBackends.includes(name))) lab.log('No GPU backend started here, so the race has no GPU in it.');

  // 4. Break it on purpose: data hopping between backends.
  lab.log(
    'In PyTorch, mixing devices is an error:\n' +
      'RuntimeError: Expected all tensors to be on the same device, but got mat1 is on cpu, different from other tensors on cuda:0 ' +
      '(when checking argument in method wrapper_CUDA_addmm)\n' +
      'Read it as: one operation (addmm, behind a linear layer) got its input mat1 from main memory (cpu) while its other tensors ' +
      'live on the first GPU (cuda:0). ' +
      'Find the tensor you forgot to move and call .to(device) on it (or create it there). ' +
      'TensorFlow.js never raises this: it copies the data to the active backend for you, and you pay for the copy without seeing it.',
  );
  const gpu = working.find((name) => gpuBackends.includes(name));
  const host = working.includes('wasm') ? 'wasm' : working.includes('cpu') ? 'cpu' : undefined;
  if (gpu && host) {
    const hopRows: TableRow[] = [];
    for (const [from, to] of [
      [gpu, host],
      [host, gpu],
    ] as const) {
      hopRows.push(await measureHop(lab, from, to));
    }
    lab.table(hopRows, { title: `The hidden cost of a ${HOP_SIZE}×${HOP_SIZE} tensor changing backend` });
    lab.barChart({
      title: 'Same operation: data already there vs data that must hop',
      bars: Object.fromEntries(
        hopRows.flatMap((row) => [
          [`${row.direction} stay`, Number(row['stay ms'])],
          [`${row.direction} hop`, Number(row['hop ms'])],
        ]),
      ),
      unit: 'ms',
    });
  } else {
    lab.log('The hop needs a GPU backend and a CPU-side backend that both start: not available here.');
  }

  const original = BACKENDS.find((name) => name === startedOn.backend);
  if (original) await lab.useBackend(original);
  lab.log(`Back on ${lab.device().backend}. Done.`);
}

/** A tensor computed on the active backend and left there: no copy of it exists in JavaScript memory. */
async function residentTensor(seed: number): Promise<tf.Tensor> {
  const tensor = tf.tidy(() => tf.randomNormal([HOP_SIZE, HOP_SIZE], 0, 1, 'float32', seed).mul(2));
  // Reading a one-number summary waits for the work without copying the tensor itself back.
  const summary = tensor.sum();
  await summary.data();
  summary.dispose();
  return tensor;
}

/**
 * Times one operation on `to` twice: on a tensor that already lives there, and on one made on `from`,
 * which TensorFlow.js must copy across first. The difference is the transfer.
 */
async function measureHop(lab: Lab, from: BackendName, to: BackendName): Promise<TableRow> {
  await lab.useBackend(from);
  const traveller = await residentTensor(1);
  await lab.useBackend(to);
  const local = await residentTensor(2);
  // Warm up the operation on `to`, so shader compilation is not mistaken for the transfer.
  const stay = await lab.time(`${to}: add 1 to a tensor already on ${to}`, () => local.add(1), { warmup: 1, repeats: 1 });
  const hop = await lab.time(`${to}: add 1 to a tensor made on ${from}`, () => traveller.add(1), { warmup: 0, repeats: 1 });
  tf.dispose([traveller, local]);
  return {
    direction: `${from} → ${to}`,
    'stay ms': Number(stay.medianMs.toFixed(2)),
    'hop ms': Number(hop.medianMs.toFixed(2)),
    'transfer ≈ ms': Number(Math.max(0, hop.medianMs - stay.medianMs).toFixed(2)),
  };
}
