import { expect, test } from 'vitest';
import type { BackendName, Lab } from '../api';
import { runInNode, testExercise } from '../exercise-kit/testing.ts';
import check from './check.ts';
import * as starter from './main.ts';
import * as solution from './solution.ts';
import * as wrong from './wrong.ts';

/** A correct fallback over `names`. */
async function fallBack(lab: Lab, names: readonly BackendName[]): Promise<string> {
  for (const name of names) {
    try {
      return (await lab.useBackend(name)).backend;
    } catch {
      // the next one
    }
  }
  throw new Error('nothing started');
}

testExercise('exercise-backend-fallback', {
  check,
  solution,
  starter: {
    program: starter,
    fails: {
      'tries-in-order':
        /^On a machine whose navigator\.gpu finds no adapter, pickBackend asked for webgpu, which did not start \("WebGPU is present, but no GPU adapter was found \(simulated by the check\)"\), and gave up; go on to webgl/,
      'returns-running': /returned "webgpu", but TensorFlow\.js runs cpu: webgpu did not start/,
      'logs-running': /main says "Running on webgpu", but the program ran on cpu/,
    },
  },
  wrong: [
    {
      name: 'tries the slowest backend first',
      program: wrong,
      fails: { 'tries-in-order': /asked for cpu; ask in the order webgpu → webgl → wasm → cpu/ },
    },
    {
      name: 'skips WebGPU even where navigator.gpu is there',
      program: { ...solution, pickBackend: (lab: Lab) => fallBack(lab, ['webgl', 'wasm', 'cpu']) },
      fails: {
        'tries-in-order':
          /^On a machine whose navigator\.gpu finds no adapter, pickBackend asked for webgl → wasm → cpu; ask in the order webgpu/,
      },
    },
    {
      name: 'falls back, but reports the first choice',
      program: {
        ...solution,
        async pickBackend(lab: Lab) {
          await solution.pickBackend(lab);
          return 'webgpu';
        },
        default: (lab: Lab) => lab.log('Running on webgpu'),
      },
      fails: {
        'returns-running': /returned "webgpu", but TensorFlow\.js runs cpu: webgpu did not start/,
        'logs-running': /main says "Running on webgpu", but the program ran on cpu/,
      },
    },
    {
      name: 'logs nothing',
      program: { ...solution, default: async (lab: Lab) => void (await solution.pickBackend(lab)) },
      fails: { 'logs-running': /main logged no line "Running on <backend>"/ },
    },
  ],
});

test('right but different: skipping WebGPU when navigator.gpu is missing passes', async () => {
  const seen: boolean[] = [];
  const skipsWithoutGpu = {
    ...solution,
    pickBackend(lab: Lab) {
      const hasGpu = typeof navigator !== 'undefined' && (navigator as { gpu?: unknown }).gpu !== undefined;
      seen.push(hasGpu);
      return fallBack(lab, hasGpu ? ['webgpu', 'webgl', 'wasm', 'cpu'] : ['webgl', 'wasm', 'cpu']);
    },
  };
  const result = await runInNode(skipsWithoutGpu, check);
  expect(result.requirements.filter((item) => !item.passed)).toEqual([]);
  // It met both simulated machines: one with navigator.gpu, one without.
  expect(seen).toContain(true);
  expect(seen).toContain(false);
});
