import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Lab } from '../../labs/api/index.ts';
import { DataFileError, fetchDataWith, type DataHost } from '../../src/lab/worker/lab-data.ts';

/**
 * What lab.fetchData does when a file arrives damaged (src/lab/worker/lab-data.ts): it asks the site once more, past
 * every cache, and says what happened and who can fix it when that does not help.
 */

const good = new Uint8Array(4096).map((_, index) => index % 251);
const sha256 = createHash('sha256').update(good).digest('hex');
const damaged = good.slice();
damaged[100] ^= 0xff;
const options = { sha256, bytes: good.length };
const lab: Pick<Lab, 'progress'> = { progress: () => ({ update() {}, finish() {} }) };

/** A host that answers each read with the next of `answers` (bytes, or an error to throw), and records what was asked. */
function hostAnswering(...answers: (Uint8Array | Error)[]) {
  const reads: boolean[] = [];
  const kept: Uint8Array[] = [];
  const host: DataHost = {
    read(_path, { reload, onBytes }) {
      reads.push(reload);
      const answer = answers.shift();
      if (!answer) return Promise.reject(new Error('read more often than the test expected'));
      if (answer instanceof Error) return Promise.reject(answer);
      onBytes(answer.length, answer.length);
      return Promise.resolve(answer);
    },
    keep(_path, _sha256, bytes) {
      kept.push(bytes);
      return Promise.resolve();
    },
    decodeImage: () => Promise.reject(new Error('not used')),
  };
  return { host, reads, kept };
}

async function failure(promise: Promise<unknown>): Promise<DataFileError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DataFileError);
  return error as DataFileError;
}

describe('a data file that arrives damaged', () => {
  it('is asked for again past every cache, and the good copy is used and kept', async () => {
    const { host, reads, kept } = hostAnswering(damaged, good);
    expect(await fetchDataWith(host, lab, 'cifar10/train-00.bin', options)).toEqual(good);
    expect(reads).toEqual([false, true]);
    expect(kept).toEqual([good]);
  });

  it('damaged the same way twice: the site’s own file is bad, and a reload cannot help', async () => {
    const { host, kept } = hostAnswering(damaged, damaged);
    const { message } = await failure(fetchDataWith(host, lab, 'cifar10/train-00.bin', options));
    expect(message).toMatch(/^data\/cifar10\/train-00\.bin is damaged: its SHA-256 is [0-9a-f]{12}…, the manifest expects /);
    expect(message).toContain('downloaded twice with the same result, the second time from the site itself, past every cache');
    expect(message).toContain('running again or reloading cannot help');
    expect(message).toContain('npm run data:cifar10:pack');
    expect(message).not.toMatch(/Reload the page/);
    expect(kept).toEqual([]);
  });

  it('wrong in another way the second time: something on the way changes it, so try again later', async () => {
    const { host } = hostAnswering(damaged, good.slice(0, 1000));
    const { message } = await failure(fetchDataWith(host, lab, 'cifar10/train-00.bin', options));
    expect(message).toContain('data/cifar10/train-00.bin is damaged');
    expect(message).toContain('was wrong too, in another way (it was truncated: 1,000 bytes arrived, the manifest says 4,096)');
    expect(message).toContain('Run again in a few minutes');
  });

  it('and then cannot be fetched again: both facts, and the download’s own advice', async () => {
    const offline = new DataFileError(
      'data/cifar10/train-00.bin could not be downloaded (Failed to fetch). Check the connection and run again.',
    );
    const { host } = hostAnswering(damaged, offline);
    const { message } = await failure(fetchDataWith(host, lab, 'cifar10/train-00.bin', options));
    expect(message).toMatch(
      /^data\/cifar10\/train-00\.bin is damaged: .* A fresh copy was asked for from the site, past every cache, but it did not arrive: /,
    );
    expect(message).toContain('Check the connection and run again.');
  });

  it('a good first copy is read once, from wherever the host keeps it', async () => {
    const { host, reads } = hostAnswering(good);
    await fetchDataWith(host, lab, 'cifar10/train-00.bin', options);
    expect(reads).toEqual([false]);
  });
});
