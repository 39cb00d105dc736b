/**
 * Build-time: keeps tfjs-backend-wasm's multi-threaded mode working after minification.
 *
 * To start its threads, tfjs-backend-wasm 4.22 turns its Emscripten factory back into source with
 * `Function.prototype.toString()` and loads that text into each thread's worker. The factory reads
 * one variable of the scope around it, `_scriptDir`, guarded by `typeof _scriptDir !== "undefined"`.
 * A minifier that sees the variable declared next door renames it and drops the guard, so the copy in
 * the thread throws "ReferenceError: e is not defined" (tensorflow/tfjs#4107, #4539).
 *
 * Removing the outer declaration makes `_scriptDir` a global name the factory only ever tests with
 * `typeof`, which no minifier may rewrite. Nothing is lost: in a worker, Emscripten takes its script
 * directory from `self.location`, and tfjs passes the factory's source to the threads explicitly.
 */
import type { Plugin } from 'vite';

const threadedFactory = /@tensorflow[\\/]tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/;
const outerDeclaration =
  /\n\s*var _scriptDir = typeof document !== 'undefined' && document\.currentScript \? document\.currentScript\.src : undefined;\n\s*if \(typeof __filename !== 'undefined'\) _scriptDir = _scriptDir \|\| __filename;\n/;

export function wasmThreadsMinificationFix(): Plugin {
  return {
    name: 'course-lab-wasm-threads-minification-fix',
    transform(code, id) {
      if (!threadedFactory.test(id)) return null;
      if (!outerDeclaration.test(code)) {
        this.error(
          `${id} no longer has the _scriptDir declaration this fix removes. Check whether the new ` +
            'tfjs-backend-wasm still needs src/lab/build/wasm-threads-plugin.ts, and update or remove it.',
        );
      }
      return { code: code.replace(outerDeclaration, '\n'), map: null };
    },
  };
}
