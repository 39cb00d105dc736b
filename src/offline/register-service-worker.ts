/**
 * Registers the course's service worker (src/offline/service-worker.ts) once the page has loaded, and
 * handles what that changes for the page:
 * - On a first visit to a host that sends no isolation headers, the page reloads once when the worker
 *   takes control, and comes back cross-origin isolated. At most once per tab, so a browser that will not
 *   isolate the page never reloads in a loop; never in the middle of a lab run.
 * - When a newer build has installed and waits, the notice (src/components/UpdateNotice.astro) offers to
 *   reload into it. When a newer build takes over, from this tab or another, this page, which belongs to
 *   the old build, reloads.
 * Where there is no service worker (a private window, an old browser, a host without HTTPS) the course
 * works online as before.
 */
import { siteScopedName } from '../lab/index.ts';
import { takeOverMessage } from './messages.ts';

const base = document.documentElement.dataset.base ?? '/';
const container = navigator.serviceWorker as ServiceWorkerContainer | undefined;

/** True the first time in this tab: sessionStorage remembers that the page already reloaded for isolation. */
function firstIsolationReload(): boolean {
  const key = siteScopedName('gpu-course:isolation-reload', base);
  try {
    if (sessionStorage.getItem(key) !== null) return false;
    sessionStorage.setItem(key, new Date().toISOString());
    return true;
  } catch {
    return false;
  }
}

/** A reload now would end a lab run that is starting or running. */
function labBusy(): boolean {
  return document.querySelector('course-lab[data-state="loading"], course-lab[data-state="running"]') !== null;
}

function offerUpdate(waiting: ServiceWorker): void {
  const offer = document.querySelector<HTMLElement>('[data-update-offer]');
  const button = offer?.querySelector('button');
  if (!offer || !button) return;
  // The latest build to install is the one offered.
  button.onclick = () => {
    button.disabled = true;
    waiting.postMessage(takeOverMessage); // it takes over, and 'controllerchange' below reloads the page
  };
  offer.hidden = false;
}

/** Offers `worker` once it has installed, when it is a newer build (this page already has a worker). */
function offerWhenInstalled(worker: ServiceWorker | null): void {
  if (!worker || !container?.controller) return;
  if (worker.state === 'installed') offerUpdate(worker);
  else {
    worker.addEventListener('statechange', () => {
      if (worker.state === 'installed') offerUpdate(worker);
    });
  }
}

/**
 * Browsers look for a new sw.js whenever a page of the course is opened, so a new deploy is found at the
 * next page a learner opens; it may already be installing, or waiting, by the time this runs.
 */
function watchForUpdates(registration: ServiceWorkerRegistration): void {
  offerWhenInstalled(registration.waiting ?? registration.installing);
  registration.addEventListener('updatefound', () => offerWhenInstalled(registration.installing));
}

if (import.meta.env.PROD && container) {
  let controlled = container.controller !== null;
  container.addEventListener('controllerchange', () => {
    const replaced = controlled;
    controlled = true;
    if (replaced || (!globalThis.crossOriginIsolated && !labBusy() && firstIsolationReload())) location.reload();
  });
  const register = () => {
    container
      .register(`${base}sw.js`, { scope: base })
      .then(watchForUpdates)
      .catch(() => undefined);
  };
  if (document.readyState === 'complete') register();
  else addEventListener('load', register, { once: true });
}
