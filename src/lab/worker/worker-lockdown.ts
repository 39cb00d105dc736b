/**
 * Takes the site's storage out of the lab worker's reach before a learner's program runs.
 *
 * The worker runs in the course's origin, so without this a program could open Cache Storage and store a
 * page of its own under a lesson's address (the service worker would then serve it, with the learner's
 * progress in reach), or read and write IndexedDB, the origin's file systems and storage buckets, or talk
 * to the site's pages over BroadcastChannel and Web Locks. docs/architecture.md, "Lab code and the site's
 * storage", says why the worker is locked down rather than moved to an opaque origin.
 *
 * Each API is removed where it lives (the global object's own properties and the prototypes of the
 * global object and of `navigator`), so neither `Object.getPrototypeOf(self)`, `Reflect`, nor a property
 * descriptor finds the browser's getter again; in its place stays a getter, not configurable, that throws
 * a message saying why. A program may still start workers, which the WASM backend needs for its threads,
 * but every worker it starts runs this lockdown before its own script.
 *
 * `lockDownWorker` must stay self-contained (no imports, no outer names): the workers a program starts
 * get its source text.
 */
export function lockDownWorker(): void {
  const global = globalThis as unknown as Record<string, unknown>;
  const refusal = (what: string) =>
    `Lab programs cannot use ${what}: a lab runs with no access to the site's storage, so that no program can ` +
    "change the course's pages or read your progress. Keep what a program needs in variables, or show it with lab.log.";

  /** The objects on `start`'s prototype chain (Object.prototype aside) that hold `name` themselves. */
  const holdersOf = (start: object, name: string): object[] => {
    const holders: object[] = [];
    for (
      let holder: object | null = start;
      holder && holder !== Object.prototype;
      holder = Object.getPrototypeOf(holder) as object | null
    ) {
      if (Object.prototype.hasOwnProperty.call(holder, name)) holders.push(holder);
    }
    return holders;
  };
  /** Replaces `name` on `target` and wherever its prototypes held it by a getter that throws why. */
  const refuse = (target: object, name: string, what: string): void => {
    const message = refusal(what);
    const refused: PropertyDescriptor = {
      configurable: false,
      enumerable: false,
      get() {
        throw new TypeError(message);
      },
      set() {
        throw new TypeError(message);
      },
    };
    for (const holder of new Set([...holdersOf(target, name), target])) {
      // Removed first: a data property (a constructor) cannot turn into an accessor in place.
      Reflect.deleteProperty(holder, name);
      Object.defineProperty(holder, name, refused);
    }
  };

  const onGlobal: Record<string, string> = {
    caches: 'Cache Storage (caches)',
    Cache: 'Cache Storage (Cache)',
    CacheStorage: 'Cache Storage (CacheStorage)',
    indexedDB: 'IndexedDB (indexedDB)',
    BroadcastChannel: 'BroadcastChannel (it talks to the pages of the site)',
    SharedWorker: 'SharedWorker',
    StorageManager: 'the storage manager (StorageManager)',
    StorageBucket: 'storage buckets (StorageBucket)',
    StorageBucketManager: 'storage buckets (StorageBucketManager)',
    LockManager: 'Web Locks (LockManager)',
    Lock: 'Web Locks (Lock)',
    ServiceWorkerRegistration: 'service workers (ServiceWorkerRegistration)',
    ServiceWorker: 'service workers (ServiceWorker)',
    ServiceWorkerContainer: 'service workers (ServiceWorkerContainer)',
    NavigationPreloadManager: 'service workers (NavigationPreloadManager)',
    webkitRequestFileSystem: 'the file system API (webkitRequestFileSystem)',
    webkitRequestFileSystemSync: 'the file system API (webkitRequestFileSystemSync)',
    webkitResolveLocalFileSystemURL: 'the file system API (webkitResolveLocalFileSystemURL)',
    webkitResolveLocalFileSystemSyncURL: 'the file system API (webkitResolveLocalFileSystemSyncURL)',
    cookieStore: 'cookies (cookieStore)',
    CookieStore: 'cookies (CookieStore)',
  };
  // IndexedDB's interfaces and the origin private file system's handles, whatever this browser names them.
  for (
    let holder: object | null = globalThis;
    holder && holder !== Object.prototype;
    holder = Object.getPrototypeOf(holder) as object | null
  ) {
    for (const name of Object.getOwnPropertyNames(holder)) {
      if (/^IDB/.test(name)) onGlobal[name] ??= `IndexedDB (${name})`;
      else if (/^FileSystem/.test(name)) onGlobal[name] ??= `the file system API (${name})`;
    }
  }
  for (const [name, what] of Object.entries(onGlobal)) refuse(globalThis, name, what);

  const onNavigator: Record<string, string> = {
    storage: 'the storage manager (navigator.storage)',
    storageBuckets: 'storage buckets (navigator.storageBuckets)',
    locks: 'Web Locks (navigator.locks)',
    serviceWorker: 'service workers (navigator.serviceWorker)',
  };
  for (const [name, what] of Object.entries(onNavigator)) refuse(navigator, name, what);

  // A worker started by the program runs this same lockdown first, then its own script.
  const NativeWorker = global.Worker as typeof Worker | undefined;
  if (typeof NativeWorker !== 'function') return;
  const lockdownSource = `(${lockDownWorker.toString()})();`;
  const LockedWorker = function (this: unknown, scriptUrl: string | URL, options?: WorkerOptions): Worker {
    if (new.target === undefined) throw new TypeError("Failed to construct 'Worker': use the 'new' operator.");
    const target = new URL(String(scriptUrl), location.href).href;
    const load =
      options?.type === 'module' ? `await import(${JSON.stringify(target)});` : `importScripts(${JSON.stringify(target)});`;
    const boot = URL.createObjectURL(new Blob([`${lockdownSource}\n${load}`], { type: 'text/javascript' }));
    return new NativeWorker(boot, options);
  } as unknown as typeof Worker;
  // Instances lead back to this constructor, never to the browser's.
  Object.defineProperty(LockedWorker, 'prototype', { value: NativeWorker.prototype, writable: false });
  Object.defineProperty(NativeWorker.prototype, 'constructor', {
    value: LockedWorker,
    writable: false,
    configurable: false,
    enumerable: false,
  });
  Object.defineProperty(globalThis, 'Worker', { value: LockedWorker, writable: false, configurable: false, enumerable: false });
}
