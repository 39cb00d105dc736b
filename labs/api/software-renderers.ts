/**
 * Renderers that are programs running on the CPU, not GPUs. A "GPU" backend on one of them runs GPU code
 * correctly but slowly, so its timings say nothing about a GPU. This is the course's one list: the device
 * check names them, the lab API's `lab.device().softwareRenderer` and the benchmarks recognise them.
 */
interface SoftwareRenderer {
  pattern: RegExp;
  /** Its short name, e.g. "SwiftShader". */
  name: string;
  /** Where it comes from, for learners. */
  label: string;
}

const softwareRenderers: readonly SoftwareRenderer[] = [
  {
    pattern: /swiftshader/i,
    name: 'SwiftShader',
    label: "SwiftShader (Google's CPU implementation of Vulkan, used by Chrome when no GPU is usable)",
  },
  { pattern: /llvmpipe/i, name: 'llvmpipe', label: "llvmpipe (Mesa's CPU renderer on Linux)" },
  { pattern: /lavapipe/i, name: 'lavapipe', label: "lavapipe (Mesa's CPU implementation of Vulkan)" },
  { pattern: /softpipe/i, name: 'softpipe', label: "softpipe (Mesa's reference CPU renderer)" },
  {
    pattern: /microsoft basic render driver|\bwarp\b/i,
    name: 'WARP',
    label: "WARP (Windows Advanced Rasterization Platform, Windows' CPU renderer, also called Microsoft Basic Render Driver)",
  },
];

function find(text: string): SoftwareRenderer | undefined {
  return softwareRenderers.find((renderer) => renderer.pattern.test(text));
}

/** The software renderer `text` (a GPU or adapter name) describes, explained; null for what looks like hardware. */
export function softwareRendererIn(text: string): string | null {
  return find(text)?.label ?? null;
}

/** Its short name ("SwiftShader"), or null. */
export function softwareRendererName(text: string): string | null {
  return find(text)?.name ?? null;
}
