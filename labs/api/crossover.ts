/**
 * The course's one rule for a crossover: the size from which a candidate (a GPU backend) *stays* faster
 * than a baseline (the WASM backend), never the first size at which it happens to win once.
 *
 * On a shared machine one median can be off by several times (another program took the cores for a
 * moment), so a single win proves nothing. A crossover therefore needs:
 * - at every size compared, the median of at least `MIN_REPEATS` timed repeats on each side (median.ts);
 * - the candidate faster (strictly: a tie is no win) at that size and at every larger size compared;
 * - at least `MIN_WINNING_SIZES` such sizes, so a win at the largest size alone is not enough.
 * Sizes only one side measured (a sweep that stopped growing early), or measured with too few repeats,
 * are left out, with the reason; "every larger size" means every larger size both sides measured.
 *
 * Pure and without the DOM: the CNN lab's sweep and the device check call it in the worker, and Vitest
 * checks it on made-up timings (tests/unit/crossover-rule.test.ts).
 */
import { median } from './median.ts';

/** Timed repeats a size needs on each side before its median counts. */
export const MIN_REPEATS = 3;
/** Consecutive winning sizes, up to the largest size compared, that make a crossover. */
export const MIN_WINNING_SIZES = 2;

/**
 * One side's measurements: size → the time of every timed repeat at that size. Any unit of time (ms,
 * ms per step) as long as both sides use the same one: smaller is faster.
 */
export type RepeatedTimings = ReadonlyMap<number, readonly number[]>;

/** One size both sides measured, by its medians. */
export interface SizeComparison {
  size: number;
  baselineMedian: number;
  candidateMedian: number;
  /** baseline median / candidate median: above 1 where the candidate is faster. */
  speedup: number;
  candidateFaster: boolean;
}

export interface CrossoverVerdict {
  /** The smallest size from which the candidate stays faster, or null when there is no crossover. */
  from: number | null;
  /** Every size both sides measured with enough repeats, smallest first. */
  compared: SizeComparison[];
  /** The sizes the rule could not use, smallest first, with why (for the lab to say). */
  leftOut: { size: number; reason: string }[];
}

function finiteTimes(times: readonly number[] | undefined): number[] {
  return (times ?? []).filter((time) => Number.isFinite(time) && time >= 0);
}

export interface CrossoverOptions {
  /**
   * The candidate is a GPU emulated on the baseline's own CPU (a software renderer such as SwiftShader). At
   * small sizes it can edge ahead, both sides being bound by fixed costs per kernel, but that is no GPU's
   * win: `from` stays null, while `compared` still shows every size.
   */
  emulated?: boolean;
}

/** Applies the rule to the timings of `baseline` and `candidate`; see the file's comment. */
export function findCrossover(
  baseline: RepeatedTimings,
  candidate: RepeatedTimings,
  { emulated = false }: CrossoverOptions = {},
): CrossoverVerdict {
  const sizes = [...new Set([...baseline.keys(), ...candidate.keys()])].sort((a, b) => a - b);
  const compared: SizeComparison[] = [];
  const leftOut: CrossoverVerdict['leftOut'] = [];
  for (const size of sizes) {
    const baselineTimes = finiteTimes(baseline.get(size));
    const candidateTimes = finiteTimes(candidate.get(size));
    if (!baseline.has(size) || !candidate.has(size)) {
      leftOut.push({ size, reason: `only the ${baseline.has(size) ? 'baseline' : 'candidate'} measured it` });
    } else if (Math.min(baselineTimes.length, candidateTimes.length) < MIN_REPEATS) {
      const fewest = Math.min(baselineTimes.length, candidateTimes.length);
      leftOut.push({ size, reason: `${fewest} timed repeat${fewest === 1 ? '' : 's'}, fewer than ${MIN_REPEATS}` });
    } else {
      const baselineMedian = median(baselineTimes);
      const candidateMedian = median(candidateTimes);
      compared.push({
        size,
        baselineMedian,
        candidateMedian,
        speedup: baselineMedian / candidateMedian,
        candidateFaster: candidateMedian < baselineMedian,
      });
    }
  }
  // Walk down from the largest size while the candidate keeps winning: where the walk stops, the run of
  // wins that reaches the largest size begins.
  let wins = 0;
  while (wins < compared.length && compared[compared.length - 1 - wins].candidateFaster) wins += 1;
  const from = !emulated && wins >= MIN_WINNING_SIZES ? compared[compared.length - wins].size : null;
  return { from, compared, leftOut };
}
