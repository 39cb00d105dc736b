import * as tf from '@tensorflow/tfjs';
import {performance} from 'node:perf_hooks';
import {registerWasmTrainingKernels} from '../src/wasm-kernels/index.ts';
import {allocF32, heapF32, matMulF32, release} from '../src/wasm-kernels/wasm-backend-access.ts';
registerWasmTrainingKernels();
await tf.setBackend('wasm');
const backend = tf.backend() as any;
const B=64,H=14,W=14,C=6,Co=16,fh=5,fw=5,Ho=10,Wo=10;
const dy = tf.randomNormal([B,Ho,Wo,Co]), w = tf.randomNormal([fh,fw,C,Co]);
function gemmCol2im() {
  const K = fh*fw*C, P = B*Ho*Wo;
  const wt = allocF32(backend, [Co, K]);
  { const src = heapF32(backend, w as any), dst = heapF32(backend, wt); for (let k = 0; k < K; ++k) for (let co = 0; co < Co; ++co) dst[co*K + k] = src[k*Co + co]; }
  const dp = matMulF32(backend, dy as any, wt, P, Co, K);
  release(backend, wt);
  const dx = allocF32(backend, [B,H,W,C]);
  const d = heapF32(backend, dp), o = heapF32(backend, dx); o.fill(0);
  let p = 0; const rs = W*C;
  for (let b = 0; b < B; ++b) for (let oh = 0; oh < Ho; ++oh) for (let ow = 0; ow < Wo; ++ow, ++p) {
    let src = p*K;
    for (let kh = 0; kh < fh; ++kh) { let dst = ((b*H + oh + kh)*W + ow)*C; for (let j = 0; j < fw*C; ++j) o[dst + j] += d[src + j]; src += fw*C; }
  }
  release(backend, dp);
  return dx;
}
const viaConv = () => tf.engine().runKernel('Conv2DBackpropInput', {dy, filter: w}, {strides: 1, pad: 'valid', dataFormat: 'NHWC', inputShape: [B,H,W,C]}) as tf.Tensor;
const a = viaConv().dataSync(); const bi = gemmCol2im(); const bv = heapF32(backend, bi).slice(); release(backend, bi);
let md = 0, ms = 0; for (let i = 0; i < a.length; i++) { md = Math.max(md, Math.abs(a[i]-bv[i])); ms = Math.max(ms, Math.abs(a[i])); } console.log('relerr', md/ms);
for (let r = 0; r < 5; r++) {
  let t0 = performance.now(); for (let i = 0; i < 10; i++) viaConv().dispose(); const t1 = (performance.now()-t0)/10;
  t0 = performance.now(); for (let i = 0; i < 10; i++) release(backend, gemmCol2im()); const t2 = (performance.now()-t0)/10;
  console.log('conv', t1.toFixed(3), 'gemm+col2im', t2.toFixed(3));
}
