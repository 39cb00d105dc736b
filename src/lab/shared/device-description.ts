/**
 * How the course describes the device a backend runs on, in one place for the page's backend picker
 * (backend-support.ts), the worker (backend-setup.ts) and the lab API's `lab.device()`. No TensorFlow.js
 * here: the page uses this before any backend loads.
 */
import { softwareRendererName } from '../../../labs/api/software-renderers.ts';

/** What the CPU backend is, everywhere. */
export const cpuDescription = 'plain JavaScript on one thread';

/** Logical CPU cores the browser reports (0 when unknown). */
export function logicalCores(): number {
  return typeof navigator === 'object' ? navigator.hardwareConcurrency || 0 : 0;
}

/**
 * The threads the WASM backend runs: one per logical core where the page is cross-origin isolated
 * (threads need SharedArrayBuffer), else 1. The worker lifts tfjs-backend-wasm's own cap to get there
 * (backend-setup.ts, withWasmThreadCapLifted).
 */
export function wasmThreadCount(): number {
  return globalThis.crossOriginIsolated === true ? Math.max(1, logicalCores()) : 1;
}

export interface WasmFacts {
  threads: number;
  simd: boolean;
}

/** "WebAssembly, 4 threads on 4 logical cores, SIMD on", with why it is one thread when it is. */
export function wasmDescription({ threads, simd }: WasmFacts): string {
  const isolation = globalThis.crossOriginIsolated === true ? '' : ' (single-threaded: the page is not cross-origin isolated)';
  return `WebAssembly, ${threads} thread${threads === 1 ? '' : 's'} on ${logicalCores()} logical cores, SIMD ${simd ? 'on' : 'off'}${isolation}`;
}

/**
 * The GPU behind WebGL 2 as the browser names it (unmasked where allowed), or null without WebGL 2. Asks
 * `context` when given (the worker passes TensorFlow.js's own), else a throwaway context, released after.
 */
export function webglRendererName(context?: WebGL2RenderingContext): string | null {
  const gl = context ?? (typeof OffscreenCanvas === 'undefined' ? null : new OffscreenCanvas(1, 1).getContext('webgl2'));
  if (!gl) return null;
  const debugInfo = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(debugInfo ? debugInfo.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  if (!context) gl.getExtension('WEBGL_lose_context')?.loseContext();
  return renderer;
}

/** A WebGPU adapter's name: vendor, architecture and description as far as the browser tells them. */
export function webgpuAdapterName(info: Pick<GPUAdapterInfo, 'vendor' | 'architecture' | 'description'>): string {
  return [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unnamed adapter';
}

export function webglDescription(renderer: string | null): string {
  return `WebGL 2 on ${renderer ?? 'an unknown GPU'}`;
}

export function webgpuDescription(adapter: string | null): string {
  return `WebGPU on ${adapter ?? 'an unknown adapter'}`;
}

/** Whether `backend`, described as `description`, is a GPU backend running on a software renderer. */
export function runsOnSoftwareRenderer(backend: string, description: string): boolean {
  return (backend === 'webgl' || backend === 'webgpu') && softwareRendererName(description) !== null;
}
