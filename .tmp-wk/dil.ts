import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend(process.argv[3] ?? 'wasm');
const [dh, dw, H, W, f] = process.argv[2].split(',').map(Number);
const x = tf.ones([1,H,W,1]) as tf.Tensor4D, w = tf.ones([f,f,1,1]) as tf.Tensor4D;
const y = tf.conv2d(x, w, 1, 'valid', 'NHWC', [dh, dw]); console.log(process.argv[2], y.shape, y.dataSync().slice(0,4));
