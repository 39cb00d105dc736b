import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import {performance} from 'node:perf_hooks';
import {registerWasmTrainingKernels} from '../src/wasm-kernels/index.ts';
import {im2colTransposed} from '../src/wasm-kernels/im2col.ts';
import {geometryOf} from '../src/wasm-kernels/conv-geometry.ts';
registerWasmTrainingKernels();
await tf.setBackend('wasm');
const time = (name: string, f: () => void, n = 20) => { f(); const t0 = performance.now(); for (let i = 0; i < n; i++) f(); console.log(name, ((performance.now() - t0) / n).toFixed(3), 'ms'); };
for (const [xs, fs, ys] of [[[64,32,32,3],[5,5,3,6],[64,28,28,6]], [[64,14,14,6],[5,5,6,16],[64,10,10,16]]] as const) {
  const x = tf.randomNormal(xs as any) as tf.Tensor4D, dy = tf.randomNormal(ys as any) as tf.Tensor4D, w = tf.randomNormal(fs as any) as tf.Tensor4D;
  console.log('shape', xs, fs);
  time('BackpropFilter total', () => tf.conv2dTranspose ? tf.tidy(() => { (tf as any).conv2DBackpropFilter ? 0 : 0; tf.engine().runKernel('Conv2DBackpropFilter', {x, dy}, {strides: 1, pad: 'valid', dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: fs}); }) : 0);
  time('BackpropInput total', () => tf.tidy(() => { tf.engine().runKernel('Conv2DBackpropInput', {dy, filter: w}, {strides: 1, pad: 'valid', dataFormat: 'NHWC', dimRoundingMode: undefined, inputShape: xs}); }));
  time('MaxPoolGrad', () => tf.tidy(() => { const y = tf.maxPool(dy, 2, 2, 'valid'); tf.engine().runKernel('MaxPoolGrad', {dy: y, input: dy, output: y}, {filterSize: 2, strides: 2, pad: 'valid'}); }));
  time('maxPool fwd', () => tf.tidy(() => { tf.maxPool(dy, 2, 2, 'valid'); }));
  time('conv fwd', () => tf.tidy(() => { tf.conv2d(x, w, 1, 'valid'); }));
  const info = tf.backend_util.computeConv2DInfo(xs as any, fs as any, 1, 1, 'valid');
  const g = geometryOf(info);
  const K = fs[0]*fs[1]*fs[2], P = ys[0]*ys[1]*ys[2];
  const out = new Float32Array(K * P); const xv = x.dataSync() as Float32Array;
  time('im2colT JS', () => im2colTransposed(xv, g, 0, g.batch, out));
  const a = tf.randomNormal([1, K, P]), b = tf.randomNormal([1, P, fs[3]]);
  time('matmul K,P x P,Co', () => tf.tidy(() => { tf.matMul(a, b); }));
  const a2 = tf.randomNormal([1, P, K]);
  time('matmul transposeA', () => tf.tidy(() => { tf.matMul(a2, b, true, false); }));
  const dyT = tf.randomNormal([1, fs[3], P]);
  time('matmul Co,P x P,K', () => tf.tidy(() => { tf.matMul(dyT, a2); }));
}
