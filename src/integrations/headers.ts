/**
 * HTTP headers that make the site cross-origin isolated (`self.crossOriginIsolated === true`),
 * which browsers require before they expose SharedArrayBuffer, and so multi-threaded WASM.
 * The same list is documented in README.md for static hosts.
 */
export const crossOriginIsolationHeaders: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
