/**
 * Where Dawn's Vulkan backend gets its two native pieces on Linux: the Vulkan loader (libvulkan.so.1,
 * Debian's libvulkan1) and a driver (an ICD: a JSON manifest naming the driver's library).
 *
 * A machine without a graphics chip has no hardware driver, and Debian 12's Mesa lavapipe (22.3) lacks a
 * feature Dawn requires ("Vulkan shaderUniform*ArrayDynamicIndexing required"), so the driver of last resort
 * is SwiftShader, the CPU implementation of Vulkan that Chromium ships beside its binary. The loader reads
 * VK_DRIVER_FILES (VK_ICD_FILENAMES for loaders before 1.3.207) when it creates an instance, so setting them
 * in process.env before Dawn creates the next instance is enough.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Chromium's SwiftShader manifest, where distributions put it. */
export const SWIFTSHADER_ICD_CANDIDATES: readonly string[] = [
  '/usr/lib/chromium/vk_swiftshader_icd.json', // Debian, Ubuntu's deb
  '/usr/lib64/chromium/vk_swiftshader_icd.json', // Fedora
  '/usr/lib/chromium-browser/vk_swiftshader_icd.json',
  '/opt/google/chrome/vk_swiftshader_icd.json',
];

const LOADER = 'libvulkan.so.1';
const LIBRARY_DIRS = [
  '/lib/x86_64-linux-gnu',
  '/usr/lib/x86_64-linux-gnu',
  '/lib/aarch64-linux-gnu',
  '/usr/lib/aarch64-linux-gnu',
  '/usr/lib64',
  '/lib64',
  '/usr/lib',
  '/usr/local/lib',
];

/** The variables the loader reads for an explicit driver list. */
export const DRIVER_VARIABLES = ['VK_DRIVER_FILES', 'VK_ICD_FILENAMES'] as const;

/** Why Dawn cannot run here, with what to install; thrown before Dawn is touched. */
export class VulkanSetupError extends Error {
  override name = 'VulkanSetupError';
}

/** The loader's path (LD_LIBRARY_PATH first, then the linker's cache, then the usual folders), or null. */
export function findVulkanLoader(env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean)) {
    if (existsSync(path.join(dir, LOADER))) return path.join(dir, LOADER);
  }
  for (const ldconfig of ['ldconfig', '/sbin/ldconfig', '/usr/sbin/ldconfig']) {
    const listing = spawnSync(ldconfig, ['-p'], { encoding: 'utf8' });
    if (listing.status !== 0) continue;
    const line = listing.stdout.split('\n').find((entry) => entry.trim().startsWith(`${LOADER} `));
    if (line) return line.split('=>').pop()?.trim() ?? LOADER;
    break;
  }
  const dir = LIBRARY_DIRS.find((candidate) => existsSync(path.join(candidate, LOADER)));
  return dir ? path.join(dir, LOADER) : null;
}

export function requireVulkanLoader(): string {
  const loader = findVulkanLoader();
  if (loader) return loader;
  throw new VulkanSetupError(
    `Dawn's Vulkan backend needs the Vulkan loader ${LOADER}, which this machine lacks: install Debian's libvulkan1 ` +
      `(apt-get install -y libvulkan1), or put a ${LOADER} in a folder named by LD_LIBRARY_PATH.`,
  );
}

/** The driver manifest named by the environment, if any (VK_DRIVER_FILES wins, as in the loader). */
export function driverFromEnvironment(env: NodeJS.ProcessEnv = process.env): string | null {
  for (const name of DRIVER_VARIABLES) if (env[name]) return env[name] ?? null;
  return null;
}

/** Chromium's SwiftShader manifest: the given path (which must exist), else the first known location that does. */
export function findSwiftShaderIcd(given?: string): string | null {
  if (given) {
    if (!existsSync(given))
      throw new VulkanSetupError(
        `--vulkan-icd ${given}: no such file. Give the path of a Vulkan driver manifest (a .json file), e.g. Chromium's vk_swiftshader_icd.json.`,
      );
    return path.resolve(given);
  }
  return SWIFTSHADER_ICD_CANDIDATES.find((candidate) => existsSync(candidate)) ?? null;
}

/** Makes the loader use exactly this driver from the next Vulkan instance on. */
export function useVulkanDriver(manifest: string, env: NodeJS.ProcessEnv = process.env): void {
  for (const name of DRIVER_VARIABLES) env[name] = manifest;
}
