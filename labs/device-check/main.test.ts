import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { createLab, createRecordingLab } from '../../src/lab/worker/create-lab.ts';
import type { LabOutput } from '../../src/lab/shared/protocol.ts';
import main from './main.ts';
import { inspectWasm, inspectWebGl, inspectWebGpu } from './hardware.ts';
import { softwareRendererIn } from '../api/software-renderers.ts';
import { findCrossover } from '../api/crossover.ts';
import { firstRunSentence, raceSentence } from './race-words.ts';

/** The lab API against a test sink, on the CPU backend. */
const collect = () => createRecordingLab();

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('software renderers are named as such', () => {
  test.each([
    ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)', 'SwiftShader'],
    ['llvmpipe (LLVM 15.0.6, 256 bits)', 'llvmpipe'],
    ['ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)', 'Microsoft Basic Render Driver'],
    ['Mesa softpipe', 'softpipe'],
    ['lavapipe', 'lavapipe'],
  ])('%s', (renderer, name) => {
    expect(softwareRendererIn(renderer)).toContain(name);
  });

  test('real GPUs are not', () => {
    expect(softwareRendererIn('ANGLE (NVIDIA, NVIDIA GeForce RTX 4070 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBeNull();
    expect(softwareRendererIn('Apple M3')).toBeNull();
  });
});

describe('hardware probes in Node say why, instead of throwing', () => {
  test('no WebGPU, no WebGL, WASM with SIMD', async () => {
    const webgpu = await inspectWebGpu();
    expect(webgpu.available).toBe(false);
    expect(webgpu.available === false && webgpu.reason).toContain('navigator.gpu');
    expect(inspectWebGl().available).toBe(false);
    const wasm = inspectWasm();
    expect(wasm.available && wasm.value.simd).toBe(true);
  });
});

describe('lab.useBackend', () => {
  test('switches to a registered backend and describes it', async () => {
    const { lab } = collect();
    const device = await lab.useBackend('cpu');
    expect(device.backend).toBe('cpu');
    expect(device.requested).toBe('cpu');
  });

  test('rejects with a reason for a backend that cannot start, and stays where it was', async () => {
    const { lab } = collect();
    await expect(lab.useBackend('webgpu')).rejects.toThrow(/webgpu backend is not registered/);
    expect(tf.getBackend()).toBe('cpu');
  });

  test('uses the switcher the host provides', async () => {
    const outputs: LabOutput[] = [];
    const lab = createLab((output) => outputs.push(output), {
      requested: 'cpu',
      description: 'plain JavaScript',
      switchBackend: (name) => Promise.resolve(`pretend ${name}`),
    });
    const device = await lab.useBackend('wasm');
    expect(device.description).toBe('pretend wasm');
    expect(lab.device().requested).toBe('wasm');
  });
});

describe('device-check lab in Node', () => {
  test('reports what starts, times the cpu backend on small sizes only, and cleans up', async () => {
    const { lab, outputs } = collect();
    const before = tf.memory().numTensors;
    await main(lab);
    expect(tf.memory().numTensors).toBe(before);

    const tables = outputs.flatMap((output) => (output.kind === 'table' ? [output] : []));
    const starts = tables.find((table) => table.title?.startsWith('Which TensorFlow.js backends'));
    expect(starts?.rows.map((row) => [row[0], row[1]])).toEqual([
      ['cpu', 'yes'],
      ['wasm', 'no'],
      ['webgl', 'no'],
      ['webgpu', 'no'],
    ]);

    const timings = outputs.flatMap((output) => (output.kind === 'timing' ? [output.timing.label] : []));
    expect(timings).toEqual([
      'cpu matMul 32×32, first run',
      'cpu matMul 32×32',
      'cpu matMul 128×128, first run',
      'cpu matMul 128×128',
    ]);

    const text = outputs.flatMap((output) => (output.kind === 'log' ? [output.text] : [])).join('\n');
    expect(text).toContain(
      'Expected all tensors to be on the same device, but got mat1 is on cpu, different from other tensors on cuda:0',
    );
    expect(text).toContain('not available here');
    expect(tf.getBackend()).toBe('cpu');

    // How the page is isolated (labs/api/isolation.ts): in Node there is no page.
    const hardware = tables.find((table) => table.title === 'The hardware, as the browser reports it');
    expect(hardware?.rows).toContainEqual(['how the page is isolated', 'no: only browser pages can be cross-origin isolated']);
  });
});

describe('the race is judged by the "stays faster" rule', () => {
  const runs = (bySize: Record<number, number>) =>
    new Map(Object.entries(bySize).map(([size, ms]) => [Number(size), [ms, ms * 1.01, ms * 0.99]]));

  test('one noisy median is no "starts to win"', () => {
    // SwiftShader, as measured: WASM 45 ms at 128² once (noise), then 8 ms at 256².
    const verdict = findCrossover(runs({ 32: 1, 128: 45, 256: 8, 512: 60 }), runs({ 32: 3, 128: 20, 256: 30, 512: 200 }));
    const sentence = raceSentence('webgl', verdict, true);
    expect(sentence).toBe(
      'webgl was faster at n = 128 only: no crossover up to n = 512. A crossover needs the GPU to stay faster at every larger size, ' +
        'over 2 sizes or more, since one median can be noise (and on a software GPU none is expected).',
    );
    expect(sentence).not.toContain('starts to win');
  });

  test('a GPU that stays faster from a size on is said to, from that size', () => {
    const verdict = findCrossover(runs({ 32: 1, 128: 4, 256: 20, 512: 150 }), runs({ 32: 5, 128: 6, 256: 8, 512: 12 }));
    expect(raceSentence('webgpu', verdict, false)).toMatch(/^webgpu stays faster than the CPU-side backends from n = 256 on/);
    // The same timings from an emulated GPU are no crossover of a GPU.
    expect(raceSentence('webgl', verdict, true)).toMatch(
      /^webgl stayed faster .* from n = 256 on, but it is a software GPU, an emulator/,
    );
  });

  test('the first run names what it pays for per backend, and no shader compilation on the CPU side', () => {
    const rows = [
      { backend: 'wasm', n: 32, 'first run ms': 111, 'median ms': 42 },
      { backend: 'webgl', n: 32, 'first run ms': 1130, 'median ms': 17.6 },
      { backend: 'cpu', n: 32, 'first run ms': 0.5, 'median ms': 0.6 },
    ];
    const sentence = firstRunSentence(rows);
    expect(sentence).toContain('On webgl a first run slower than the median pays for compiling the shader');
    expect(sentence).toContain('On wasm there is no shader to compile');
    expect(sentence).not.toContain('On cpu');
    expect(firstRunSentence([rows[2]])).toBe(
      'The first run, timed apart, was no slower than the median anywhere here: no one-off cost showed.',
    );
  });
});
