import * as tf from '@tensorflow/tfjs';
import {registerWasmTrainingKernels} from '../src/wasm-kernels/index.ts';
registerWasmTrainingKernels();
await tf.setBackend('wasm');
const which = process.argv[2];
const x = tf.randomNormal([2,9,6,5]) as tf.Tensor4D, w = tf.randomNormal([4,3,5,6]) as tf.Tensor4D;
const y = tf.conv2d(x, w, [3,2], 0); console.log('fwd', y.shape);
const dy = tf.randomNormal(y.shape);
if (which === 'f') console.log((tf.engine().runKernel('Conv2DBackpropFilter', {x, dy}, {strides: [3,2], pad: 0, dataFormat: 'NHWC', filterShape: [4,3,5,6]}) as tf.Tensor).shape);
if (which === 'i') console.log((tf.engine().runKernel('Conv2DBackpropInput', {dy, filter: w}, {strides: [3,2], pad: 0, dataFormat: 'NHWC', inputShape: [2,9,6,5]}) as tf.Tensor).shape);
if (which === 'c') { const xt = tf.randomNormal([5,9,6,2]) as tf.Tensor4D, f = tf.randomNormal([2,2,2,6]) as tf.Tensor4D; console.log(tf.conv2d(xt, f, 1, 'valid', 'NHWC', [3,2]).shape); }
