/**
 * Starts a module worker that runs under the page's own Content-Security-Policy.
 *
 * A worker made from a URL of the site takes its policy from that script's HTTP response headers, so on
 * a host that sends no headers (GitHub Pages, where only BaseLayout's <meta> policy exists) the lab
 * worker would have none, and a lab program could send data anywhere. A worker made from a blob: URL
 * inherits its creator's policy, <meta> included. So the worker started here is a one-line blob: module
 * that imports the real script: the same code, under the page's policy on every host.
 *
 * Inside such a worker `self.location` is the blob: URL. Site files must be resolved against
 * `import.meta.url` (or an absolute URL the page passes), never against `self.location`;
 * `self.location.origin` is still the site's origin.
 */
export function startWorkerUnderPagePolicy(scriptUrl: string | URL, options: WorkerOptions = {}): Worker {
  const absolute = new URL(scriptUrl, document.baseURI).href;
  const wrapper = URL.createObjectURL(new Blob([`import ${JSON.stringify(absolute)};\n`], { type: 'text/javascript' }));
  const worker = new Worker(wrapper, { ...options, type: 'module' });
  // The wrapper has been read once the worker says anything (or fails to start).
  const revoke = () => URL.revokeObjectURL(wrapper);
  worker.addEventListener('message', revoke, { once: true });
  worker.addEventListener('error', revoke, { once: true });
  return worker;
}
