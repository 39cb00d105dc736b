import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test } from 'vitest';
import type { Plugin, TransformResult } from 'vite';
import { collectDeclarations } from '../../src/lab/build/tfjs-declarations-plugin.ts';
import { wasmThreadsMinificationFix } from '../../src/lab/build/wasm-threads-plugin.ts';
import { stylesheetModule } from '../../src/lab/build/monaco-styles-plugin.ts';

test('the editor gets every declaration reachable from @tensorflow/tfjs, and a way to resolve each package', () => {
  const declarations = collectDeclarations(process.cwd());
  const byPath = new Map(declarations.map((declaration) => [declaration.path, declaration.content]));
  expect(byPath.get('node_modules/@tensorflow/tfjs/index.d.ts')).toBe("export * from './dist/index';\n");
  expect(byPath.get('node_modules/@tensorflow/tfjs-core/index.d.ts')).toBe("export * from './dist/index';\n");
  expect(byPath.has('node_modules/@tensorflow/tfjs-core/dist/ops/mat_mul.d.ts')).toBe(true);
  expect(byPath.has('node_modules/@tensorflow/tfjs-layers/dist/index.d.ts')).toBe(true);
  // Referenced by tfjs-core for its WebGPU data types.
  expect(byPath.has('node_modules/@webgpu/types/dist/index.d.ts')).toBe(true);
  // Tests and internals nothing imports stay out.
  expect([...byPath.keys()].some((path) => path.endsWith('_test.d.ts'))).toBe(false);
  expect(byPath.size).toBeLessThan(1000);
});

function transform(plugin: Plugin, code: string, id: string): TransformResult | null {
  const hook = plugin.transform;
  const handler = typeof hook === 'function' ? hook : hook?.handler;
  const context = {
    error: (message: string) => {
      throw new Error(message);
    },
  };
  return (handler?.call(context as never, code, id) ?? null) as TransformResult | null;
}

test('the WASM threads fix leaves the factory with no outer variable to lose', () => {
  const require = createRequire(import.meta.url);
  const id = require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
  const original = readFileSync(id, 'utf8');
  const fixed = transform(wasmThreadsMinificationFix(), original, id);
  expect(fixed?.code).not.toContain('var _scriptDir');
  // The factory's own guarded uses stay, and nothing else changed.
  expect(fixed?.code).toContain('typeof _scriptDir !== "undefined" && _scriptDir');
  expect(original.length - (fixed?.code?.length ?? 0)).toBeLessThan(250);
  expect(transform(wasmThreadsMinificationFix(), 'var x = 1;', '/other/module.js')).toBeNull();
});

test('the WASM threads fix fails the build when a new tfjs version changes the code it patches', () => {
  const id = '/node_modules/@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
  expect(() => transform(wasmThreadsMinificationFix(), 'var Module = {};', id)).toThrow(
    /no longer has the _scriptDir declaration/,
  );
});

test("Monaco's stylesheets become modules that add them when the editor loads, with fonts as built assets", () => {
  const css = '@font-face { src: url(./codicon.ttf) format("truetype"); }\n.a { background: url("data:image/png;base64,AAAA"); }';
  const module = stylesheetModule(css, '/m/vs/codicon/codicon.css');
  expect(module).toContain('import asset0 from "/m/vs/codicon/codicon.ttf?url";');
  expect(module).toContain('"url(" + asset0 + ")"');
  // data: URLs are left inside the text.
  expect(module).toContain('data:image/png;base64,AAAA');
  expect(module).toContain('document.head.append(style);');
  expect(module).not.toContain('./codicon.ttf');
});
