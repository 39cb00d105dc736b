/// <reference types="vitest/config" />
import { getViteConfig } from 'astro/config';

/** The lab runtime's tests (src/lab/): `npx vitest run --project runtime`. */
const runtimeTests = [
  'tests/unit/lab-*.test.ts',
  'tests/unit/exercise-harness.test.ts',
  'tests/unit/exercise-run.test.ts',
  'tests/unit/wasm-kernels.test.ts',
];

// Through Astro's Vite config, so tests can import modules that use `astro:content` and friends.
export default getViteConfig({
  test: {
    testTimeout: 60_000,
    // One worker per core, not Vitest's default of one fewer: on a two-core machine that default is a single
    // worker, and the slowest files (Astro builds, PyTorch, the notebook, Dawn) spend most of their time
    // waiting on a child process, which another worker's tests can use.
    maxWorkers: '100%',
    // One project per layer (docs/architecture.md): the lab runtime, the site, and the labs with the contract.
    projects: [
      { extends: true, test: { name: 'runtime', include: runtimeTests } },
      { extends: true, test: { name: 'site', include: ['tests/unit/**/*.test.ts'], exclude: runtimeTests } },
      { extends: true, test: { name: 'labs', include: ['labs/**/*.test.ts'] } },
    ],
  },
});
