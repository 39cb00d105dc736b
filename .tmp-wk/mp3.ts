import * as tf from '@tensorflow/tfjs';
import {performance} from 'node:perf_hooks';
import {registerWasmTrainingKernels} from '../src/wasm-kernels/index.ts';
registerWasmTrainingKernels();
await tf.setBackend('wasm');
const dy = tf.randomNormal([64,28,28,6]);
const y = tf.maxPool(dy as tf.Tensor4D, 2, 2, 'valid');
for (let r = 0; r < 5; r++) { const t0 = performance.now(); for (let i = 0; i < 10; i++) (tf.engine().runKernel('MaxPoolGrad', {dy: y, input: dy, output: y}, {filterSize: 2, strides: 2, pad: 'valid'}) as tf.Tensor).dispose(); console.log(((performance.now()-t0)/10).toFixed(3)); }
