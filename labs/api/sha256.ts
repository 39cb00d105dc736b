/**
 * SHA-256 as lowercase hex: how the course checks the data files it downloads (lab.fetchData) and the
 * CIFAR-10 chunks (cifar10-chunks.ts), and how `npm run data:cifar10:pack` writes their checksums.
 */

/** SHA-256 of `bytes` as lowercase hex, with the Web Crypto API of browsers and Node. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // Web Crypto refuses views of a SharedArrayBuffer (a WASM-threads heap, say); those are copied first.
  const hashable =
    bytes.buffer instanceof ArrayBuffer ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes.slice();
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', hashable));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
