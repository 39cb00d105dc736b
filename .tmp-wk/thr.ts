import * as tf from '@tensorflow/tfjs';
import {setThreadsCount, getThreadsCount} from '@tensorflow/tfjs-backend-wasm';
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
setThreadsCount(2);
const ok = await Promise.race([tf.setBackend('wasm'), new Promise(r => setTimeout(() => r('timeout'), 20000))]);
console.log('setBackend', ok, getThreadsCount?.());
process.exit(0);
