/**
 * Hello, tensors: create a few tensors, see which backend holds them, bring their values back to
 * JavaScript, and time a matrix multiplication at growing sizes on the backend you picked.
 */
import * as tf from '@tensorflow/tfjs';
import type { Lab, TableRow } from '../api';
import { gigaflopsPerSecond, matMulFlops } from './flops.ts';

export default async function main(lab: Lab) {
  // 1. Tensors live on the active backend: GPU memory for WebGL and WebGPU, the WebAssembly heap for
  //    WASM, plain JavaScript arrays for CPU. Change the backend above and run again.
  const device = lab.device();
  lab.log(`Tensors live on the ${device.backend} backend: ${device.description}.`);

  // 2. Creating a tensor copies the numbers to the backend; maths on tensors runs there too.
  //    What you hold in JavaScript is only a handle.
  const prices = tf.tensor1d([4.5, 2.25, 10]);
  const quantities = tf.tensor1d([2, 4, 1]);
  const totals = prices.mul(quantities);
  lab.log('prices × quantities =', totals);

  // 3. Reading values back is an explicit, asynchronous step: `await data()` waits for the device
  //    and copies the numbers into a JavaScript array.
  const values = await totals.data();
  lab.table(
    Array.from(values, (total, index) => ({ item: index + 1, total })),
    { title: 'Totals, read back with await totals.data()' },
  );

  // 4. Tensors are not garbage-collected on the GPU: free them when you are done.
  tf.dispose([prices, quantities, totals]);

  // 5. Time n×n matrix products. `lab.time` waits for the device before it stops the clock,
  //    and skips one warm-up run, where GPU backends compile their shaders.
  const sizes = [64, 128, 256];
  const progress = lab.progress({ label: 'Timing matMul', total: sizes.length });
  const chart = lab.lineChart({ title: 'matMul time by matrix size', series: ['median ms'], xLabel: 'n', yLabel: 'ms' });
  const speeds: TableRow[] = [];
  for (const [index, n] of sizes.entries()) {
    const a = tf.randomNormal([n, n]);
    const b = tf.randomNormal([n, n]);
    const timing = await lab.time(`matMul ${n}×${n}`, () => tf.matMul(a, b), { warmup: 1, repeats: 3 });
    tf.dispose([a, b]);
    chart.add(n, { 'median ms': timing.medianMs });
    speeds.push({ n, 'median ms': timing.medianMs, 'GFLOP/s': gigaflopsPerSecond(matMulFlops(n), timing.medianMs) });
    progress.update(index + 1);
  }
  // Bigger products keep parallel hardware busier, so GFLOP/s usually climbs with n on webgl, webgpu and
  // wasm (its SIMD lanes and threads fill up too); only the plain JavaScript cpu backend stays roughly flat.
  lab.table(speeds, { title: `matMul speed on ${device.backend}` });

  // 6. Every tensor above was disposed, so nothing is left behind.
  lab.memory('After cleaning up');
}
