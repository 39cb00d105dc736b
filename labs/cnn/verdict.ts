/**
 * The CNN benchmark's finding in one sentence and one bar chart: the fastest backend on this machine, its
 * speed over the WASM baseline, and the project's T4 GPU over its CPU beside it. A pure function of the
 * measured speeds, so its wording is pinned by unit tests.
 */
import type { BackendName, VerdictOptions } from '../api';
import { T4_SPEEDUP } from '../api/cnn-report.ts';
import { count } from '../api/words.ts';

/** One backend's measured training speed, and what qualifies it. */
export interface BackendSpeed {
  backend: BackendName;
  imagesPerSecond: number;
  /** A GPU backend drawn by a software renderer: no real GPU took part. */
  softwareRenderer: boolean;
  /** It trained the small workload (plain-JS CPU, software renderers). */
  smallWorkload: boolean;
}

const t4Label = "project's T4 GPU over its CPU";

function times(ratio: number): string {
  return `${ratio.toFixed(2)}×`;
}

function qualifiers(speed: BackendSpeed): string {
  const words = [
    speed.softwareRenderer && 'a software renderer, no real GPU',
    speed.smallWorkload && 'the small workload',
  ].filter(Boolean);
  return words.length > 0 ? ` (${words.join(', on ')})` : '';
}

export function verdictOf(speeds: readonly BackendSpeed[]): VerdictOptions {
  const fastest = speeds.reduce((best, speed) => (speed.imagesPerSecond > best.imagesPerSecond ? speed : best), speeds[0]);
  const baseline = speeds.find((speed) => speed.backend === 'wasm');
  const t4 = `the ${t4Label} was ${times(T4_SPEEDUP)}`;
  if (!fastest) return { text: 'No backend trained, so there is no verdict.', chart: { title: 'Speed-up', bars: {} } };
  if (!baseline) {
    return {
      text:
        `${fastest.backend} was the fastest here at ${count(fastest.imagesPerSecond)} images/s${qualifiers(fastest)}; ` +
        `add 'wasm' to BACKENDS to compare with the CPU baseline, as ${t4}.`,
      chart: {
        title: 'Training speed on this machine (images per second)',
        bars: Object.fromEntries(speeds.map((speed) => [speed.backend, Math.round(speed.imagesPerSecond)])),
        unit: 'images/s',
      },
    };
  }
  const ratio = fastest.imagesPerSecond / baseline.imagesPerSecond;
  const text =
    fastest === baseline
      ? `WASM, the CPU baseline, was the fastest here at ${count(baseline.imagesPerSecond)} images/s${qualifiers(baseline)}, ` +
        `so no GPU backend beat the CPU on this machine, while ${t4}.`
      : `${fastest.backend} was the fastest here, ${times(ratio)} the WASM baseline ` +
        `(${count(fastest.imagesPerSecond)} against ${count(baseline.imagesPerSecond)} images/s${qualifiers(fastest)}), while ${t4}.`;
  return {
    text,
    chart: {
      title: 'Speed-up over the WASM baseline (× its images per second; 1 = as fast)',
      bars: {
        ...Object.fromEntries(
          speeds.map((speed) => [
            `${speed.backend}, this machine`,
            Number((speed.imagesPerSecond / baseline.imagesPerSecond).toFixed(2)),
          ]),
        ),
        [t4Label]: Number(T4_SPEEDUP.toFixed(2)),
      },
      unit: '×',
    },
  };
}
