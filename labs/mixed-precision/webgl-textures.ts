/**
 * TensorFlow.js's WebGL backend stores every tensor in a texture, float32 by default. Two flags make it
 * use float16 textures instead (what phones without float32 render targets get):
 * WEBGL_FORCE_F16_TEXTURES and WEBGL_RENDER_FLOAT32_ENABLED. The backend reads them once, when it
 * starts; so to change precision mid-program this removes the WebGL backend, sets the flags and
 * registers a fresh one. Every tensor on WebGL must be disposed first: removing the backend frees its
 * textures.
 */
import * as tf from '@tensorflow/tfjs';

/** How many tensors still live on WebGL: they would lose their data when the backend goes. */
function tensorsOnWebGl(): number {
  const backend = tf.findBackend('webgl');
  return backend ? backend.numDataIds() : 0;
}

/**
 * Restarts the WebGL backend with float16 (`half = true`) or float32 textures and makes it the active
 * backend. Throws when tensors still live on WebGL, or when WebGL cannot start.
 */
export async function restartWebGl(half: boolean): Promise<void> {
  const alive = tensorsOnWebGl();
  if (alive > 0) throw new Error(`${alive} tensors still live on WebGL; dispose them before switching texture precision.`);
  // Step off WebGL so removing it does not leave TensorFlow.js without an active backend.
  await tf.setBackend('cpu');
  if (tf.findBackendFactory('webgl') !== null) tf.removeBackend('webgl');
  tf.env().set('WEBGL_FORCE_F16_TEXTURES', half);
  // Back to float32 only where the GPU can render into float32 textures (some phones cannot).
  tf.env().set('WEBGL_RENDER_FLOAT32_ENABLED', !half && tf.env().getBool('WEBGL_RENDER_FLOAT32_CAPABLE'));
  tf.registerBackend('webgl', () => new tf.MathBackendWebGL(), 2);
  if (!(await tf.setBackend('webgl'))) throw new Error(`WebGL failed to start with ${half ? 'float16' : 'float32'} textures.`);
}
