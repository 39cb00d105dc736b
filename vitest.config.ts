/// <reference types="vitest/config" />
import { getViteConfig } from 'astro/config';

// Through Astro's Vite config, so tests can import modules that use `astro:content` and friends.
export default getViteConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'labs/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
