/**
 * What the browser says about its hardware, asked directly: the browser's answer to PyTorch's
 * torch.cuda.is_available(), device_count() and get_device_name(0). Every probe reports
 * "not available here" with a reason instead of throwing, so the lab also runs in Node.
 */

/** The WebGPU adapter: the closest thing a browser has to `torch.cuda.get_device_properties(0)`. */
export interface WebGpuAdapterReport {
  vendor: string;
  architecture: string;
  description: string;
  /** Optional abilities, e.g. 'shader-f16' (16-bit floats in shaders) or 'timestamp-query'. */
  features: string[];
  /** The main size limits, by name (bytes or counts). */
  limits: Record<string, number>;
}

/** The limits worth showing: how much one buffer may hold and how wide one workgroup may be. */
const limitNames = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupSizeX',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupStorageSize',
] as const;

export type Probe<T> = { available: true; value: T } | { available: false; reason: string };

export async function inspectWebGpu(): Promise<Probe<WebGpuAdapterReport>> {
  if (typeof navigator !== 'object' || !('gpu' in navigator) || !navigator.gpu) {
    return { available: false, reason: 'no navigator.gpu: this browser (or Node) has no WebGPU, or it is switched off' };
  }
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) return { available: false, reason: 'navigator.gpu exists but requestAdapter() found no adapter' };
  const limits: Record<string, number> = {};
  for (const name of limitNames) limits[name] = Number(adapter.limits[name]);
  return {
    available: true,
    value: {
      vendor: adapter.info.vendor,
      architecture: adapter.info.architecture,
      description: adapter.info.description,
      features: [...adapter.features].map(String).sort(),
      limits,
    },
  };
}

export interface WebGlReport {
  /** The real GPU name from WEBGL_debug_renderer_info, or the masked one when the extension is missing. */
  renderer: string;
  vendor: string;
  /** Whether the GPU can render into 32-bit float textures, which TensorFlow.js's WebGL backend prefers. */
  float32Textures: boolean;
}

export function inspectWebGl(): Probe<WebGlReport> {
  if (typeof OffscreenCanvas === 'undefined') {
    return { available: false, reason: 'no OffscreenCanvas here, so no WebGL context in this worker (or Node)' };
  }
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl)
    return { available: false, reason: 'getContext("webgl2") returned null: WebGL 2 is disabled or the GPU is blocklisted' };
  const debugInfo = gl.getExtension('WEBGL_debug_renderer_info');
  const report: WebGlReport = {
    renderer: String(gl.getParameter(debugInfo ? debugInfo.UNMASKED_RENDERER_WEBGL : gl.RENDERER)),
    vendor: String(gl.getParameter(debugInfo ? debugInfo.UNMASKED_VENDOR_WEBGL : gl.VENDOR)),
    float32Textures: gl.getExtension('EXT_color_buffer_float') !== null,
  };
  // Browsers allow only a handful of live WebGL contexts; give this one back at once.
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return { available: true, value: report };
}

/** A tiny WebAssembly module that uses one SIMD instruction: it validates only where SIMD is supported. */
const simdProbe = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 9, 1, 7, 0, 65, 0, 253, 15, 26, 11,
]);

export interface WasmReport {
  simd: boolean;
  /** Shared memory exists, which WASM threads need (browsers grant it only to cross-origin isolated pages). */
  threads: boolean;
}

export function inspectWasm(): Probe<WasmReport> {
  if (typeof WebAssembly !== 'object') return { available: false, reason: 'no WebAssembly in this environment' };
  let threads: boolean;
  try {
    threads = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    threads = false;
  }
  return { available: true, value: { simd: WebAssembly.validate(simdProbe), threads } };
}
