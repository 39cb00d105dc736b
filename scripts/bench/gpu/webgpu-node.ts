/**
 * TensorFlow.js's WebGPU backend in Node, on Dawn (Chromium's WebGPU implementation) from the npm package
 * `webgpu`, which ships Dawn's Node binding (dawn.node).
 *
 * tfjs-backend-webgpu was written for browsers: it reads `navigator.gpu` and the `GPUBufferUsage`-style
 * constants from the global scope. Dawn's binding provides both (`create()` and `globals`); this module
 * puts them where tfjs looks, picks the adapter itself (so the benchmark can name it and fall back to a
 * software driver) and registers a `webgpu` backend built on that adapter's device.
 */
import * as tf from '@tensorflow/tfjs';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { softwareRendererName } from '../../../labs/api/software-renderers.ts';
import { driverFromEnvironment, findSwiftShaderIcd, requireVulkanLoader, useVulkanDriver, VulkanSetupError } from './vulkan.ts';

/** What the benchmark reports about the adapter (GPUAdapterInfo's fields). */
export interface AdapterDescription {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** Set when the adapter is a CPU implementation, e.g. "SwiftShader": its name as the report uses it. */
  software: string | null;
}

export interface WebGpuSetup {
  adapter: AdapterDescription;
  /** Where the Vulkan driver came from, for the report. */
  driver: string;
  /** Validation and out-of-memory errors the device reported since the last `takeDeviceErrors()`. */
  takeDeviceErrors(): string[];
}

export interface WebGpuOptions {
  /** A Vulkan driver manifest to use instead of the system's drivers (e.g. Chromium's SwiftShader). */
  vulkanIcd?: string;
  /** Extra options for Dawn's `create()`, e.g. "enable-dawn-features=disable_robustness". */
  dawnOptions?: readonly string[];
  /** Progress lines (to stderr in the command). */
  log?: (line: string) => void;
}

/** The software renderer an adapter is, by name, or null for hardware. */
export function softwareAdapterName(
  info: Pick<AdapterDescription, 'vendor' | 'architecture' | 'device' | 'description'>,
  isFallbackAdapter = false,
): string | null {
  const text = [info.vendor, info.architecture, info.device, info.description].join(' ');
  const known = softwareRendererName(text);
  if (known) return known;
  return isFallbackAdapter ? `a fallback (software) adapter "${info.description || info.device}"` : null;
}

export function describeAdapter(adapter: AdapterDescription): string {
  const name = adapter.description || adapter.device || 'unnamed adapter';
  const detail = [adapter.vendor, adapter.architecture].filter(Boolean).join(' ');
  return detail ? `${name} (${detail})` : name;
}

type Dawn = typeof import('webgpu');

/** Kept for the process's life: Dawn's instance lives as long as a reference to it does. */
let gpu: GPU | null = null;

async function requestAdapter(dawn: Dawn, options: readonly string[]): Promise<GPUAdapter | null> {
  gpu = dawn.create([...options]);
  return gpu.requestAdapter({ powerPreference: 'high-performance' });
}

/** Dawn's binding, loaded on demand so that a machine where it cannot load still runs the other backends. */
async function loadDawn(): Promise<Dawn> {
  try {
    return await import('webgpu');
  } catch (error) {
    throw new VulkanSetupError(
      `Dawn's Node binding (npm package webgpu, dawn.node) could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * Finds an adapter (the system's Vulkan drivers first; SwiftShader when they give none, or the driver
 * given), creates a device with the adapter's limits, as tfjs does in the browser, and registers the
 * `webgpu` backend on it. Throws VulkanSetupError, saying what to install, when there is nothing to run on.
 */
export async function setUpWebGpu(options: WebGpuOptions = {}): Promise<WebGpuSetup> {
  const log = options.log ?? (() => undefined);
  const dawnOptions = [...(options.dawnOptions ?? [])];
  const linux = process.platform === 'linux';
  if (linux && !dawnOptions.some((option) => option.startsWith('backend='))) dawnOptions.unshift('backend=vulkan');
  if (linux) requireVulkanLoader();
  const dawn = await loadDawn();

  let adapter: GPUAdapter | null;
  let driver: string;
  const chosen = linux ? (options.vulkanIcd ? findSwiftShaderIcd(options.vulkanIcd) : driverFromEnvironment()) : null;
  if (chosen) {
    useVulkanDriver(chosen);
    driver = chosen;
    adapter = await requestAdapter(dawn, dawnOptions);
    if (!adapter)
      throw new VulkanSetupError(
        `Dawn found no adapter through the Vulkan driver ${chosen}. Check that the file names a driver library that exists for this machine.`,
      );
  } else {
    driver = "the system's Vulkan drivers";
    adapter = await requestAdapter(dawn, dawnOptions);
    if (!adapter && linux) {
      const swiftshader = findSwiftShaderIcd();
      if (!swiftshader) {
        throw new VulkanSetupError(
          "Dawn found no usable Vulkan adapter (no GPU driver, and Mesa's lavapipe, if installed, may be too old for Dawn), " +
            "and Chromium's SwiftShader driver was not found either: apt-get install -y chromium (it ships /usr/lib/chromium/vk_swiftshader_icd.json), " +
            'or give a driver manifest with --vulkan-icd PATH.',
        );
      }
      log(`webgpu: no usable adapter among the system's Vulkan drivers; using Chromium's SwiftShader (${swiftshader})`);
      useVulkanDriver(swiftshader);
      driver = swiftshader;
      adapter = await requestAdapter(dawn, dawnOptions);
    }
    if (!adapter)
      throw new VulkanSetupError(
        `Dawn found no WebGPU adapter${linux ? ', even through SwiftShader' : ''}; Dawn's warnings above say why.`,
      );
  }

  const info = adapter.info;
  const description: AdapterDescription = {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    software: softwareAdapterName(info, (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false),
  };

  // The same device request as tfjs-backend-webgpu's own factory: the adapter's full limits, so large
  // batches are not capped by WebGPU's conservative defaults.
  const limits = adapter.limits;
  const requiredFeatures: GPUFeatureName[] = adapter.features.has('timestamp-query') ? ['timestamp-query'] : [];
  const device = await adapter.requestDevice({
    requiredFeatures,
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
    },
  });
  const errors: string[] = [];
  device.addEventListener('uncapturederror', (event) => errors.push(event.error.message));
  void device.lost.then((lost) => {
    if (lost.reason !== 'destroyed') errors.push(`device lost: ${lost.message}`);
  });

  // tfjs reads these as globals (GPUBufferUsage.STORAGE, …) and checks navigator.gpu before it runs.
  Object.assign(globalThis, dawn.globals);
  Object.defineProperty(globalThis.navigator, 'gpu', { value: gpu, configurable: true, writable: true });
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new WebGPUBackend(device, info));

  return { adapter: description, driver, takeDeviceErrors: () => errors.splice(0) };
}
