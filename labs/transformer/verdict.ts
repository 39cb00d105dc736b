/**
 * The default run's finding in one sentence and one bar chart: the fastest backend on this machine and its
 * speed over the WASM baseline, in characters per second. Pure, so its wording is pinned by unit tests.
 */
import type { BackendName, VerdictOptions } from '../api';
import { count } from '../api/words.ts';

export interface BackendSpeed {
  backend: BackendName;
  charactersPerSecond: number;
  /** A GPU backend drawn by a software renderer: no real GPU took part. */
  softwareRenderer: boolean;
}

const times = (ratio: number) => `${ratio.toFixed(2)}×`;
const software = (speed: BackendSpeed) => (speed.softwareRenderer ? ' (on a software renderer, no real GPU)' : '');

export function verdictOf(speeds: readonly BackendSpeed[]): VerdictOptions {
  if (speeds.length === 0)
    return { text: 'No backend trained, so there is no verdict.', chart: { title: 'Training speed', bars: {} } };
  const fastest = speeds.reduce((best, speed) => (speed.charactersPerSecond > best.charactersPerSecond ? speed : best));
  const baseline = speeds.find((speed) => speed.backend === 'wasm');
  if (!baseline) {
    return {
      text:
        `${fastest.backend} was the fastest here at ${count(fastest.charactersPerSecond)} characters/s${software(fastest)}; ` +
        "add 'wasm' to BACKENDS to compare with the CPU baseline.",
      chart: {
        title: 'Training speed on this machine (characters per second)',
        bars: Object.fromEntries(speeds.map((speed) => [speed.backend, Math.round(speed.charactersPerSecond)])),
        unit: 'characters/s',
      },
    };
  }
  const text =
    fastest === baseline
      ? `WASM, the CPU baseline, was the fastest here at ${count(baseline.charactersPerSecond)} characters/s, so no GPU backend ` +
        'beat the CPU at this size. Run the sweep to see whether a GPU pulls ahead as the model grows.'
      : `${fastest.backend} trained ${times(fastest.charactersPerSecond / baseline.charactersPerSecond)} as fast as the WASM baseline ` +
        `(${count(fastest.charactersPerSecond)} against ${count(baseline.charactersPerSecond)} characters/s${software(fastest)}).`;
  return {
    text,
    chart: {
      title: 'Speed over the WASM baseline (× its characters per second; 1 = as fast)',
      bars: Object.fromEntries(
        speeds.map((speed) => [
          `${speed.backend}${speed.softwareRenderer ? ' (software renderer)' : ''}`,
          Number((speed.charactersPerSecond / baseline.charactersPerSecond).toFixed(2)),
        ]),
      ),
      unit: '×',
    },
  };
}
