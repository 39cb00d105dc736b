/**
 * Remembers, across a tab that died, that a lab's run was in progress: a tab that runs out of memory
 * closes with the page in it, so the page cannot say why; the next load of the lesson can.
 *
 * While a run is in progress, its lab has a record in localStorage; the run's end removes it, whatever the
 * end (finished, failed, stopped, over the memory budget), and so does leaving the page normally (pagehide,
 * which a crashed tab never fires; a page restored from the back-forward cache with its run still going
 * writes it again). A record found when the lab opens therefore means the page ended during that run.
 *
 * Stored shape (localStorage, one key per lab, only while a run of it is in progress):
 *   key   "course-lab:run:v1:<labId>" (with the site's base path under a sub-path, src/lab/shared/site-scoped-name.ts)
 *   value {"version":1,"labId":"<labId>","runId":"<random id>","startedAt":"<ISO date>","codeSaved":true}
 * `codeSaved` says whether the code that ran was in storage (code-store.ts) when the run started.
 * A value of any other shape is removed and ignored; storage that is disabled or full records nothing and
 * breaks nothing.
 *
 * One lesson open in two tabs: the tab running the lab holds a Web Lock named after the run while it runs,
 * and a lock outlives neither its tab nor a crash; so a record whose lock is held belongs to a run going on
 * elsewhere, not to a dead page, and is left alone.
 */
import { siteScopedName } from '../shared/site-scoped-name.ts';

const recordVersion = 1;

export interface RunRecord {
  version: typeof recordVersion;
  labId: string;
  runId: string;
  startedAt: string;
  codeSaved: boolean;
}

/** The part of `Storage` the marker uses. */
export type MarkerStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Held while a run goes on; `isHeld` asks whether any tab holds the named lock now. */
export interface RunLocks {
  hold(name: string): () => void;
  isHeld(name: string): Promise<boolean>;
}

export function runMarkerKey(labId: string): string {
  return siteScopedName(`course-lab:run:v${recordVersion}:${labId}`);
}

export function runLockName(runId: string): string {
  return siteScopedName(`course-lab:run:${runId}`);
}

/** The record in `raw` if it is one of `labId`'s, else null. */
export function readRunRecord(raw: string | null, labId: string): RunRecord | null {
  if (raw === null) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const record = value as Record<string, unknown>;
    const valid =
      record.version === recordVersion &&
      record.labId === labId &&
      typeof record.runId === 'string' &&
      typeof record.startedAt === 'string' &&
      !Number.isNaN(Date.parse(record.startedAt)) &&
      typeof record.codeSaved === 'boolean';
    return valid ? (value as RunRecord) : null;
  } catch {
    return null;
  }
}

function defaultStorage(): MarkerStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Storage can be disabled (privacy settings): then nothing is remembered.
    return null;
  }
}

/** Web Locks where the browser has them (secure contexts); without them every record counts as a dead page's. */
function defaultLocks(): RunLocks | null {
  const locks = globalThis.navigator?.locks;
  if (!locks) return null;
  return {
    hold(name) {
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      locks.request(name, () => held).catch(() => undefined);
      return () => release();
    },
    async isHeld(name) {
      const { held = [] } = await locks.query();
      return held.some((lock) => lock.name === name);
    },
  };
}

function randomId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export interface RunMarkerOptions {
  storage?: MarkerStorage | null;
  locks?: RunLocks | null;
  /** Where pagehide and pageshow are listened to; the window in the page. */
  events?: Pick<EventTarget, 'addEventListener'> | null;
  now?: () => Date;
}

export class RunMarker {
  readonly #labId: string;
  readonly #key: string;
  readonly #storage: MarkerStorage | null;
  readonly #locks: RunLocks | null;
  readonly #now: () => Date;
  /** The record of the run in progress, kept while the page is hidden in the back-forward cache too. */
  #current: RunRecord | undefined;
  #release: (() => void) | undefined;

  constructor(labId: string, options: RunMarkerOptions = {}) {
    this.#labId = labId;
    this.#key = runMarkerKey(labId);
    this.#storage = options.storage === undefined ? defaultStorage() : options.storage;
    this.#locks = options.locks === undefined ? defaultLocks() : options.locks;
    this.#now = options.now ?? (() => new Date());
    const events = options.events === undefined ? globalThis : options.events;
    // Leaving the page normally ends the run without a crash; coming back from the back-forward cache
    // with the run still going starts the record again.
    events?.addEventListener('pagehide', () => {
      if (this.#current) this.#remove(this.#current.runId);
    });
    events?.addEventListener('pageshow', (event) => {
      if ((event as PageTransitionEvent).persisted && this.#current) this.#write(this.#current);
    });
  }

  /** A run starts; `codeSaved`: the code it runs is in storage. */
  begin(codeSaved: boolean): void {
    this.end();
    const record: RunRecord = {
      version: recordVersion,
      labId: this.#labId,
      runId: randomId(),
      startedAt: this.#now().toISOString(),
      codeSaved,
    };
    this.#current = record;
    this.#write(record);
    this.#release = this.#locks?.hold(runLockName(record.runId));
  }

  /** The run ended, in any way; nothing happens when no run is in progress. */
  end(): void {
    if (!this.#current) return;
    this.#remove(this.#current.runId);
    this.#current = undefined;
    this.#release?.();
    this.#release = undefined;
  }

  /**
   * The record of a run that ended the page, if the last load left one (and no other tab is running it
   * now); it is removed, so it is told once.
   */
  async lastRunEndedPage(): Promise<RunRecord | null> {
    let record: RunRecord | null;
    try {
      const raw = this.#storage?.getItem(this.#key) ?? null;
      record = readRunRecord(raw, this.#labId);
      if (raw !== null && record === null) this.#storage?.removeItem(this.#key);
    } catch {
      return null;
    }
    if (!record) return null;
    try {
      if (await this.#locks?.isHeld(runLockName(record.runId))) return null;
    } catch {
      // Cannot ask: count the record as a dead page's, the likelier case.
    }
    // A run of this page may have begun meanwhile; its record is not the old one.
    if (this.#current) return null;
    this.#remove(record.runId);
    return record;
  }

  #write(record: RunRecord): void {
    try {
      this.#storage?.setItem(this.#key, JSON.stringify(record));
    } catch {
      // Full or disabled: this run is not remembered, which only matters if it ends the page.
    }
  }

  /** Removes the record, if it is still `runId`'s (a run of the same lab in another tab may have replaced it). */
  #remove(runId: string): void {
    try {
      const stored = readRunRecord(this.#storage?.getItem(this.#key) ?? null, this.#labId);
      if (!stored || stored.runId === runId) this.#storage?.removeItem(this.#key);
    } catch {
      // Nothing to clean up if storage is unavailable.
    }
  }
}
