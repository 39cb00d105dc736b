/**
 * `npm run bench:gpu` at its smallest: tfjs's WebGPU backend in Node on Dawn (SwiftShader on a machine
 * without a GPU) and the WASM backend each train the CNN at width 1, batch 8, and a one-layer transformer
 * of width 16 over 8 characters, through the command itself.
 * No speed is asserted; the run must work, agree with the CPU backend and report finite figures.
 *
 * Needs the Vulkan loader (Debian: libvulkan1) and a Vulkan driver (Chromium's SwiftShader, from the
 * chromium package, will do); without them the run fails and says what to install.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { softwareNote, summarise, summariseTransformer } from '../../scripts/bench/gpu/crossover.ts';
import type { BackendRecord, BenchGpuRecord, PointRecord, TransformerPointRecord } from '../../scripts/bench/gpu/records.ts';
import { softwareAdapterName } from '../../scripts/bench/gpu/webgpu-node.ts';

function point(backend: PointRecord['backend'], width: number, batch: number, imagesPerSecond: number): PointRecord {
  return {
    record: 'point',
    backend,
    device: 'test',
    width,
    batch,
    flops_per_step: width * width * batch,
    first_step_ms: 1,
    ms_per_step: 1,
    steps: 1,
    images_per_second: imagesPerSecond,
    gflops_per_second: 1,
    ratio_to_pytorch: null,
  };
}

describe('the crossover summary', () => {
  it('names the first size, by FLOPs per step, where webgpu trains more images/s than wasm', () => {
    const points = [
      point('webgpu', 2, 256, 900),
      point('wasm', 2, 256, 300),
      point('webgpu', 1, 64, 100),
      point('wasm', 1, 64, 400),
      point('webgpu', 1, 256, 500),
      point('wasm', 1, 256, 450),
      point('pytorch-cuda', 1, 64, 1000),
      point('pytorch-cuda', 2, 256, 3000),
    ];
    const summary = summarise(points, 'pytorch-cuda', null);
    expect(summary.webgpu_beats_wasm_from).toEqual({ width: 1, batch: 256, flops_per_step: 256 });
    expect(summary.webgpu_vs_wasm.map((entry) => entry.ratio)).toEqual([0.25, 1.1111, 3]);
    expect(summary.webgpu_vs_pytorch).toEqual([
      { width: 1, batch: 64, ratio: 0.1 },
      { width: 2, batch: 256, ratio: 0.3 },
    ]);
    expect(summary.note).toContain('from width 1, batch 256');
  });

  it('says no crossover can be expected on a software adapter', () => {
    const summary = summarise([point('webgpu', 1, 64, 5), point('wasm', 1, 64, 700)], null, 'SwiftShader');
    expect(summary.webgpu_beats_wasm_from).toBeNull();
    expect(summary.note).toBe(softwareNote('SwiftShader'));
    expect(summary.note).toContain('no real crossover can be expected');
  });

  it('recognises software adapters by name', () => {
    const info = {
      vendor: 'google',
      architecture: 'swiftshader',
      device: 'swiftshader-device-subzero-',
      description: 'SwiftShader driver 5.0.0',
    };
    expect(softwareAdapterName(info)).toBe('SwiftShader');
    expect(
      softwareAdapterName({ vendor: 'mesa', architecture: '', device: '', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }),
    ).toBe('llvmpipe');
    expect(softwareAdapterName({ vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA H200' })).toBeNull();
  });
});

function transformerPoint(
  backend: TransformerPointRecord['backend'],
  width: number,
  context: number,
  tokensPerSecond: number,
): TransformerPointRecord {
  return {
    record: 'transformer-point',
    backend,
    device: 'test',
    width,
    context,
    layers: 2,
    heads: 4,
    vocabulary: 65,
    batch: 8,
    flops_per_step: width * width * context,
    first_step_ms: 1,
    ms_per_step: 1,
    steps: 1,
    tokens_per_second: tokensPerSecond,
    gflops_per_second: 1,
    ratio_to_pytorch: null,
  };
}

describe("the transformer sweep's summary", () => {
  it('names the first size, by FLOPs per step, where webgpu trains more characters/s than wasm, and every ratio to PyTorch', () => {
    const points = [
      transformerPoint('webgpu', 128, 64, 4000),
      transformerPoint('wasm', 128, 64, 2000),
      transformerPoint('webgpu', 64, 64, 1000),
      transformerPoint('wasm', 64, 64, 4000),
      transformerPoint('pytorch-cuda', 64, 64, 20000),
      transformerPoint('pytorch-cuda', 128, 64, 16000),
    ];
    const summary = summariseTransformer(points, 'pytorch-cuda', null);
    expect(summary.webgpu_beats_wasm_from).toEqual({ width: 128, context: 64, flops_per_step: 128 * 128 * 64 });
    expect(summary.webgpu_vs_wasm).toEqual([
      { width: 64, context: 64, ratio: 0.25 },
      { width: 128, context: 64, ratio: 2 },
    ]);
    expect(summary.webgpu_vs_pytorch.map((entry) => entry.ratio)).toEqual([0.05, 0.25]);
    expect(summary.wasm_vs_pytorch.map((entry) => entry.ratio)).toEqual([0.2, 0.125]);
    expect(summary.note).toContain('from width 128, context 64');
    expect(summariseTransformer(points, null, 'SwiftShader').note).toBe(softwareNote('SwiftShader'));
  });
});

/** One timed step per size, no time limit, no PyTorch, JSON: the smallest run that checks every backend. */
const ONE_QUICK_STEP = [
  '--min-steps',
  '1',
  '--max-steps',
  '1',
  '--min-seconds',
  '0',
  '--max-seconds-per-step',
  '600',
  '--pytorch',
  'none',
  '--json',
];

/**
 * Runs `npm run bench:gpu` with `args`, reads its JSON records, and fails at once, naming the backend, when
 * one could not start (the exit status would only say that something failed).
 */
function runBenchGpu(args: string[], timeout: number) {
  const run = spawnSync(process.execPath, ['scripts/bench-gpu.ts', ...args], { encoding: 'utf8', timeout });
  const records = run.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as BenchGpuRecord);
  const backends = records.filter((record): record is BackendRecord => record.record === 'backend');
  for (const backend of backends) {
    if (backend.error) throw new Error(`bench:gpu could not start ${backend.backend}: ${backend.error}`);
  }
  return { run, records, backends };
}

describe('npm run bench:gpu at width 1, batch 8', () => {
  it("trains on webgpu (through Dawn in Node) and on wasm, with finite figures and the CPU backend's loss", () => {
    const { run, records, backends } = runBenchGpu([...['--widths', '1', '--batches', '8'], ...ONE_QUICK_STEP], 280_000);
    expect(run.status, `bench:gpu failed (exit ${run.status}, signal ${run.signal}):\n${run.stderr.slice(-3000)}`).toBe(0);

    for (const name of ['webgpu', 'wasm'] as const) {
      const backend = backends.find((record) => record.backend === name);
      expect(backend?.check_loss, `${name}'s check step`).toSatisfy(Number.isFinite);
      expect(
        backend?.check_loss_matches,
        `${name}'s loss ${backend?.check_loss} against the CPU backend's ${backend?.check_loss_cpu}`,
      ).toBe(true);
      const measured = records.find((record): record is PointRecord => record.record === 'point' && record.backend === name);
      expect(measured, `a measured point for ${name}`).toBeDefined();
      expect(measured?.width).toBe(1);
      expect(measured?.batch).toBe(8);
      expect(measured?.steps).toBeGreaterThanOrEqual(1);
      expect(measured?.images_per_second).toSatisfy((value: number) => Number.isFinite(value) && value > 0);
      expect(measured?.first_step_ms).toSatisfy(Number.isFinite);
      expect(measured?.leaked_tensors).toBe(0);
    }
    const webgpu = backends.find((record) => record.backend === 'webgpu');
    expect(webgpu?.adapter?.description, 'the adapter is named').toBeTruthy();
    const summary = records.find((record) => record.record === 'summary');
    expect(summary?.record).toBe('summary');
    if (webgpu?.adapter?.software) expect(summary && 'note' in summary ? summary.note : '').toContain('no real crossover');
  }, 300_000);
});

describe('npm run bench:gpu -- --model transformer at width 16, context 8', () => {
  it("trains the transformer on webgpu and wasm, with finite figures and the CPU backend's loss", () => {
    const { run, records, backends } = runBenchGpu(
      [
        ...['--model', 'transformer', '--widths', '16', '--contexts', '8', '--batch', '2', '--layers', '1', '--heads', '2'],
        ...ONE_QUICK_STEP,
      ],
      200_000,
    );
    expect(run.status, `bench:gpu failed (exit ${run.status}, signal ${run.signal}):\n${run.stderr.slice(-3000)}`).toBe(0);

    for (const name of ['webgpu', 'wasm'] as const) {
      const backend = backends.find((record) => record.backend === name);
      expect(
        backend?.check_loss_matches,
        `${name}'s loss ${backend?.check_loss} against the CPU backend's ${backend?.check_loss_cpu}`,
      ).toBe(true);
      const measured = records.find(
        (record): record is TransformerPointRecord => record.record === 'transformer-point' && record.backend === name,
      );
      expect(measured, `a measured size for ${name}`).toMatchObject({
        width: 16,
        context: 8,
        layers: 1,
        heads: 2,
        batch: 2,
        leaked_tensors: 0,
      });
      expect(measured?.tokens_per_second).toSatisfy((value: number) => Number.isFinite(value) && value > 0);
    }
    expect(records.at(-1)?.record).toBe('transformer-summary');
  }, 220_000);
});
