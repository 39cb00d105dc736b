// Plain `tsc` does not understand .astro files (Astro's editor tooling does); this lets the
// TypeScript modules that import components, such as the MDX component map, type-check.
declare module '*.astro' {
  import type { AstroComponentFactory } from 'astro/runtime/server/index.js';
  const component: AstroComponentFactory;
  export default component;
}
