import type { Lab } from '../api';
import { testExercise } from '../exercise-kit/testing.ts';
import check from './check.ts';
import * as starter from './main.ts';
import * as solution from './solution.ts';
import * as wrong from './wrong.ts';

testExercise('exercise-backend-fallback', {
  check,
  solution,
  starter: {
    program: starter,
    fails: {
      'tries-in-order':
        /asked for webgpu, which did not start \("The webgpu backend is not registered.*"\), and gave up; go on to webgl/,
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
