import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import {performance} from 'node:perf_hooks';
await tf.setBackend('wasm');
const time = (name: string, f: () => void, n = 20) => { f(); const t0 = performance.now(); for (let i = 0; i < n; i++) f(); console.log(name, ((performance.now() - t0) / n).toFixed(3), 'ms'); };
for (const [xs, fs, ys] of [[[64,32,32,3],[5,5,3,6],[64,28,28,6]], [[64,14,14,6],[5,5,6,16],[64,10,10,16]]] as const) {
  const x = tf.randomNormal(xs as any) as tf.Tensor4D, dy = tf.randomNormal(ys as any) as tf.Tensor4D, w = tf.randomNormal(fs as any) as tf.Tensor4D;
  const f = () => tf.tidy(() => {
    const xt = tf.transpose(x, [3,1,2,0]); const dyt = tf.transpose(dy, [1,2,0,3]);
    const y = tf.conv2d(xt as tf.Tensor4D, dyt as tf.Tensor4D, 1, 'valid');
    return tf.transpose(y, [1,2,0,3]);
  });
  time('dW conv trick', () => f().dispose());
  const xt = tf.transpose(x, [3,1,2,0]) as tf.Tensor4D; const dyt = tf.transpose(dy, [1,2,0,3]) as tf.Tensor4D;
  time('  conv only', () => tf.conv2d(xt, dyt, 1, 'valid').dispose());
  time('  transposes', () => tf.tidy(() => { tf.transpose(x, [3,1,2,0]); tf.transpose(dy, [1,2,0,3]); }));
  // dx trick
  const wr = tf.transpose(tf.reverse(w, [0, 1]), [0,1,3,2]) as tf.Tensor4D;
  time('dx conv trick', () => tf.tidy(() => { tf.conv2d(dy, wr, 1, [[0,0],[fs[0]-1,fs[0]-1],[fs[1]-1,fs[1]-1],[0,0]]); }));
  const dx1 = tf.conv2d(dy, wr, 1, [[0,0],[fs[0]-1,fs[0]-1],[fs[1]-1,fs[1]-1],[0,0]]);
  const dx2 = tf.engine().runKernel('Conv2DBackpropInput', {dy, filter: w}, {strides: 1, pad: 'valid', dataFormat: 'NHWC', inputShape: xs}) as tf.Tensor;
  console.log('dx diff', tf.max(tf.abs(tf.sub(dx1, dx2))).dataSync()[0], tf.max(tf.abs(dx2)).dataSync()[0], dx1.shape);
}
