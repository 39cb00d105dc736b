/**
 * Where Debian's Chromium is: every script and test that drives a browser uses this one (the project
 * never downloads a browser). CHROMIUM_PATH overrides it, e.g. for a Chrome installed elsewhere.
 */
import { execFileSync } from 'node:child_process';

export class ChromiumNotFoundError extends Error {
  override name = 'ChromiumNotFoundError';
}

export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim();
  } catch {
    throw new ChromiumNotFoundError(
      'Chromium was not found. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.',
    );
  }
}

/**
 * The flags every test and benchmark starts Chromium with: quiet (no background traffic that would
 * disturb a timing or reach the network) and with WebGPU on. There is no GPU on the machines the project
 * is tested on, so Dawn's SwiftShader adapter stands in for WebGPU, as SwiftShader already does for WebGL.
 */
export const chromiumArgs: readonly string[] = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--enable-features=Vulkan',
];
