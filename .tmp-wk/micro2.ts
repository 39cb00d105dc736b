import * as tf from '@tensorflow/tfjs';
import {performance} from 'node:perf_hooks';
import {registerWasmTrainingKernels} from '../src/wasm-kernels/index.ts';
registerWasmTrainingKernels();
await tf.setBackend('wasm');
const time = (name: string, f: () => void, n = 30) => { f(); const t0 = performance.now(); for (let i = 0; i < n; i++) f(); console.log(name, ((performance.now() - t0) / n).toFixed(3), 'ms'); };
const run = (k: string, i: any, a: any) => (tf.engine().runKernel(k, i, a) as tf.Tensor).dispose();
for (const [xs, fs, ys] of [[[64,32,32,3],[5,5,3,6],[64,28,28,6]], [[64,14,14,6],[5,5,6,16],[64,10,10,16]]] as const) {
  const x = tf.randomNormal(xs as any) as tf.Tensor4D, dy = tf.randomNormal(ys as any) as tf.Tensor4D, w = tf.randomNormal(fs as any) as tf.Tensor4D;
  console.log('shape', xs, fs);
  time('BackpropFilter', () => run('Conv2DBackpropFilter', {x, dy}, {strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: fs}));
  time('  transpose x', () => run('Transpose', {x}, {perm: [3,1,2,0]}));
  time('  transpose dy', () => run('Transpose', {x: dy}, {perm: [1,2,0,3]}));
  const xt = tf.transpose(x, [3,1,2,0]) as tf.Tensor4D; const dyt = tf.transpose(dy, [1,2,0,3]) as tf.Tensor4D;
  time('  conv', () => run('Conv2D', {x: xt, filter: dyt}, {strides: 1, pad: 'valid', dilations: 1, dataFormat: 'NHWC'}));
  time('BackpropInput', () => run('Conv2DBackpropInput', {dy, filter: w}, {strides: 1, pad: 'valid', dataFormat: 'NHWC', inputShape: xs}));
  time('Conv2D fwd', () => run('Conv2D', {x, filter: w}, {strides: 1, pad: 'valid', dilations: 1, dataFormat: 'NHWC'}));
  const y = tf.maxPool(dy, 2, 2, 'valid');
  time('MaxPoolGrad', () => run('MaxPoolGrad', {dy: y, input: dy, output: y}, {filterSize: 2, strides: 2, pad: 'valid'}));
  time('Add bias', () => run('Add', {a: dy, b: tf.ones([ys[3]])}, {}));
  time('Relu', () => run('Relu', {x: dy}, {}));
}
