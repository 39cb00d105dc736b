/**
 * The 'compare' and 'full-project' experiments of the CNN lab: the same network, data, seed and shuffles
 * on every backend; an estimate before training; loss and test accuracy per epoch; a results table beside
 * the project's Colab rows; results kept in this browser and offered as CSV and JSON; and a verdict.
 *
 * The run goes in stages (`lab.stage`): the data, the WASM threads, the estimate, one stage per backend,
 * the results. The page folds each one away once done, so the learner sees where the run is, and the
 * verdict ends it at the top of the output.
 */
import type { BackendName, DeviceInfo, Lab, TableRow } from '../api';
import { createCnn, createOptimizer } from './model.ts';
import { startBackend } from './start-backend.ts';
import { epochOrder, evaluate, measureThroughput, trainEpoch } from './train.ts';
import { PIXELS_PER_IMAGE, type ImageSet } from '../api/cifar10.ts';
import { loadBenchmarkData, type DataChoice } from './data.ts';
import { RESULTS_FILE_NAME, resultsFileText } from '../api/results-file.ts';
import {
  BROWSER_RESULTS_KEY,
  NOTEBOOK_RESULTS_KEY,
  PROJECT_IMAGES_SEEN,
  REFERENCE_ROWS,
  T4_SPEEDUP,
  isSoftwareRenderer,
  resultColumns,
  round,
  stepCostNote,
  toCsv,
  type ResultRow,
  type SavedRow,
} from '../api/cnn-report.ts';
import { median } from '../api/median.ts';
import { count, counted, duration } from '../api/words.ts';
import { verdictOf } from './verdict.ts';

export interface BenchmarkSettings {
  backends: readonly BackendName[];
  data: DataChoice;
  trainImages: number;
  testImages: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  repeats: number;
  warmupSteps: number;
  seed: number;
  lossReadsPerEpoch: number;
  smallWorkloadImages: number;
  shrinkOnSoftwareGpu: boolean;
  clearSavedResults: boolean;
  /** Added to each row's setup, e.g. 'full project run'. */
  label?: string;
}

/** What one backend trains: the full workload, or the small one (plain-JS CPU, software renderers). */
interface Workload {
  train: ImageSet;
  test: ImageSet;
  epochs: number;
  repeats: number;
  warmupSteps: number;
  small: boolean;
}

interface Plan {
  backend: BackendName;
  device: DeviceInfo;
  workload: Workload;
  stepsPerRun: number;
  msPerStep: number;
}

interface Measured {
  plan: Plan;
  row: ResultRow;
  imagesPerSecond: number;
}

/** Images [start, start + count) of a set, as views: nothing is copied. */
function firstImages(set: ImageSet, start: number, count: number): ImageSet {
  const end = Math.min(set.count, start + count);
  return {
    images: set.images.subarray(start * PIXELS_PER_IMAGE, end * PIXELS_PER_IMAGE),
    labels: set.labels.subarray(start, end),
    count: Math.max(0, end - start),
  };
}

/** What a backend's stage trains, in a few words. */
function workloadWords(plan: Plan): string {
  const { workload } = plan;
  if (workload.small) {
    const why = plan.backend === 'cpu' ? 'plain JavaScript is slow' : 'software renderer';
    return `small workload: ${counted(workload.train.count, 'image')}, 1 epoch (${why})`;
  }
  const runs = workload.repeats > 1 ? `, ${counted(workload.repeats, 'run')}` : '';
  return `${counted(workload.train.count, 'image')} × ${counted(workload.epochs, 'epoch')}${runs}`;
}

export async function runBenchmark(lab: Lab, settings: BenchmarkSettings): Promise<void> {
  lab.stage('Data', `${count(settings.trainImages)} training and ${count(settings.testImages)} test images`);
  const data = await loadBenchmarkData(lab, settings.data, settings.trainImages, settings.testImages, settings.seed);
  lab.log(
    `Data: ${data.source}, ${count(data.train.count)} training and ${count(data.test.count)} test images, pixels in [-1, 1]. ` +
      `Model: the project CNN, Adam ${settings.learningRate}, cross-entropy, batch ${settings.batchSize}, seed ${settings.seed}.`,
  );
  lab.log(
    'Method: the same model, data and seed on every backend; the training images reshuffled every epoch (seeded, so ' +
      'every backend sees the same batches); test accuracy measured after each epoch, outside the timed training; ' +
      `${counted(settings.warmupSteps, 'untimed warm-up step')} per backend; the clock stops only after a read-back has waited for the device; ` +
      `${counted(settings.repeats, 'timed run')} per backend${settings.repeats > 1 ? ', median reported' : ''}; the device of each backend recorded; ` +
      `the loss read back ${counted(settings.lossReadsPerEpoch, 'time')} per epoch, never per step (each read makes the CPU wait for the GPU).`,
  );

  // 1. Start each backend, time a few steps, and estimate the whole run before committing to it. WASM, the
  // baseline, goes first: its thread count is measured, and its speed is the run's first figure.
  const plans: Plan[] = [];
  const planOrder = [...settings.backends].sort((a, b) => Number(b === 'wasm') - Number(a === 'wasm'));
  let estimating = false;
  for (const backend of planOrder) {
    if (backend === 'wasm') lab.stage('WASM threads', 'the thread count that trains fastest here, measured in at most 5 s');
    else if (!estimating) {
      lab.stage('Estimate', 'each backend started and timed for a few steps');
      estimating = true;
    }
    const device = await startBackend(lab, backend, data.train, settings.batchSize, settings.seed);
    if (!device) continue;
    const isPlainCpu = backend === 'cpu';
    const small = isPlainCpu || (settings.shrinkOnSoftwareGpu && isSoftwareRenderer(device));
    if (small && !isPlainCpu) {
      lab.log(
        `${backend} runs on a software renderer (${device.description}), so it trains the small workload ` +
          `(${counted(settings.smallWorkloadImages, 'image')}, 1 epoch): compare it by images/s.`,
      );
    }
    // A small workload is timed from its first step, which is also its warm-up: the shaders compiled for it
    // stay with the backend, so its training needs none. On a software renderer a step takes seconds.
    const workload: Workload = small
      ? {
          train: firstImages(data.train, 0, settings.smallWorkloadImages),
          test: firstImages(data.test, 0, settings.smallWorkloadImages),
          epochs: 1,
          repeats: 1,
          warmupSteps: 0,
          small,
        }
      : {
          train: data.train,
          test: data.test,
          epochs: settings.epochs,
          repeats: settings.repeats,
          warmupSteps: settings.warmupSteps,
          small,
        };
    const probe = createCnn(settings.seed);
    const speed = await measureThroughput(probe, workload.train, {
      batchSize: settings.batchSize,
      steps: small ? 1 : 2,
      warmupSteps: small ? 0 : 1,
    });
    probe.dispose();
    lab.log(
      small
        ? `${backend}: first step ${count(speed.msPerStep)} ms${isPlainCpu ? '' : ', shader compilation included, so the estimate errs long'}.`
        : `${backend}: about ${count(speed.imagesPerSecond)} images/s (2 timed steps after a warm-up step).`,
    );
    const stepsPerRun = Math.ceil(workload.train.count / settings.batchSize) * workload.epochs;
    plans.push({ backend, device, workload, stepsPerRun, msPerStep: speed.msPerStep });
  }
  if (plans.length === 0) {
    lab.log('No backend could start, so there is nothing to measure.');
    return;
  }
  // Training follows the order of BACKENDS.
  plans.sort((a, b) => settings.backends.indexOf(a.backend) - settings.backends.indexOf(b.backend));

  // Testing costs about a third of a training step per batch (a forward pass, no gradients), once per epoch.
  const estimateMs = (plan: Plan) =>
    plan.msPerStep *
    (plan.workload.warmupSteps +
      plan.workload.repeats *
        (plan.stepsPerRun + (plan.workload.epochs * Math.ceil(plan.workload.test.count / settings.batchSize)) / 3));
  lab.table(
    plans.map((plan) => ({
      backend: plan.backend,
      device: plan.device.description,
      'ms per step': round(plan.msPerStep, 1),
      'steps per run': plan.stepsPerRun,
      runs: plan.workload.repeats,
      estimate: duration(estimateMs(plan)),
    })),
    { title: 'Estimate before training (from a few timed steps per backend; a small workload from its first step)' },
  );
  lab.log(
    `Estimated total: about ${duration(plans.reduce((total, plan) => total + estimateMs(plan), 0))}. Stop ends the run at any time.`,
  );

  // 2. Train: warm-up, then the timed runs, each from the same initial weights. The loss and accuracy
  // charts are drawn with the results, once every backend has trained: drawn here, they would fold away
  // with the first backend's stage.
  const lossPoints: { x: number; values: Record<string, number> }[] = [];
  const accuracyPoints: { x: number; values: Record<string, number> }[] = [];
  const measured: Measured[] = [];
  for (const plan of plans) {
    const { workload } = plan;
    const stage = lab.stage(`Training on ${plan.backend}`, workloadWords(plan));
    // The description of the planning phase names the WASM thread count that was chosen.
    const device = { ...(await lab.useBackend(plan.backend)), description: plan.device.description };
    if (workload.warmupSteps > 0) {
      stage.now(counted(workload.warmupSteps, 'warm-up step'));
      const warmModel = createCnn(settings.seed);
      await measureThroughput(warmModel, workload.train, {
        batchSize: settings.batchSize,
        steps: 1,
        warmupSteps: workload.warmupSteps,
      });
      warmModel.dispose();
    }
    const batchesPerEpoch = Math.ceil(workload.train.count / settings.batchSize);
    // Chunks of whole batches: trainEpoch reads the loss once at the end of each chunk.
    const batchesPerChunk = Math.max(1, Math.ceil(batchesPerEpoch / settings.lossReadsPerEpoch));
    const progress = lab.progress({
      label: `Training on ${plan.backend}`,
      total: workload.repeats * workload.epochs * batchesPerEpoch,
    });
    const runSeconds: number[] = [];
    const accuracies: number[] = [];
    let batchesDone = 0;
    for (let run = 0; run < workload.repeats; run++) {
      const model = createCnn(settings.seed);
      const optimizer = createOptimizer(settings.learningRate);
      let total = 0;
      let accuracy = 0;
      for (let epoch = 0; epoch < workload.epochs; epoch++) {
        const runWords = workload.repeats > 1 ? `run ${run + 1} of ${workload.repeats}, ` : '';
        stage.now(`${runWords}epoch ${epoch + 1} of ${workload.epochs}`);
        let epochSeconds = 0;
        let lossSum = 0;
        const order = epochOrder(workload.train.count, settings.seed, epoch);
        for (let firstBatch = 0; firstBatch < batchesPerEpoch; firstBatch += batchesPerChunk) {
          const indices = order.subarray(firstBatch * settings.batchSize, (firstBatch + batchesPerChunk) * settings.batchSize);
          const chunkBatches = Math.ceil(indices.length / settings.batchSize);
          const result = await trainEpoch(model, optimizer, workload.train, {
            batchSize: settings.batchSize,
            indices,
            onBatch: (done) => progress.update(batchesDone + done),
          });
          batchesDone += chunkBatches;
          epochSeconds += result.seconds;
          lossSum += result.meanLoss * chunkBatches;
          if (run === 0) {
            lossPoints.push({
              x: epoch + (firstBatch + chunkBatches) / batchesPerEpoch,
              values: { [plan.backend]: result.meanLoss },
            });
          }
        }
        total += epochSeconds;
        accuracy = await evaluate(model, workload.test);
        if (run === 0) accuracyPoints.push({ x: epoch + 1, values: { [plan.backend]: round(100 * accuracy, 2) } });
        lab.log(
          `${plan.backend}, run ${run + 1}, epoch ${epoch + 1}: ${epochSeconds.toFixed(2)} s, ` +
            `mean loss ${(lossSum / batchesPerEpoch).toFixed(4)}, test accuracy ${(100 * accuracy).toFixed(2)} %`,
        );
      }
      runSeconds.push(total);
      accuracies.push(accuracy);
      optimizer.dispose();
      model.dispose();
    }
    progress.finish();

    const medianSeconds = median(runSeconds);
    const imagesPerSecond = (workload.train.count * workload.epochs) / medianSeconds;
    const meanAccuracy = (100 * accuracies.reduce((sum, value) => sum + value, 0)) / accuracies.length;
    const software = isSoftwareRenderer(device);
    const label = plan.backend === 'cpu' ? 'cpu (plain JS, slow reference)' : plan.backend;
    const small = workload.small ? ', small workload' : '';
    const run = settings.label ? `, ${settings.label}` : '';
    const row: ResultRow = {
      setup: `Your browser: ${label}${software ? ' (software renderer)' : ''}${small}${run}`,
      device: device.description,
      'time (s)': round(medianSeconds, 2),
      'accuracy (%)': round(meanAccuracy, 2),
      epochs: workload.epochs,
      'train images': workload.train.count,
      'images/s': round(imagesPerSecond, 1),
      'est. 10 × 50k (s)': Math.round(PROJECT_IMAGES_SEEN / imagesPerSecond),
    };
    const times = runSeconds.map((value) => value.toFixed(2)).join(', ');
    lab.log(
      `${plan.backend}: ${count(imagesPerSecond)} images/s; ` +
        (runSeconds.length > 1
          ? `median ${medianSeconds.toFixed(2)} s of ${runSeconds.length} runs (${times} s)`
          : `${times} s`) +
        `, test accuracy ${meanAccuracy.toFixed(2)} % on ${count(workload.test.count)} ${data.source} test images.`,
    );
    measured.push({ plan: { ...plan, device }, row, imagesPerSecond });
  }

  // 3. Report: your rows beside the project's (and your own notebook runs, added with "Add your Colab
  // result" below the lab), the speed-ups, and what dominated each step.
  lab.stage('Results', 'the table beside the project, the curves, what dominates a step, your saved runs');
  const notebookRows = (await lab.results(NOTEBOOK_RESULTS_KEY).load()).map(resultColumns);
  lab.table([...REFERENCE_ROWS, ...notebookRows, ...measured.map((entry) => entry.row)], {
    title: `Results: the project reference (Colab)${notebookRows.length > 0 ? ', your notebook' : ''} and your browser`,
  });
  const series = measured.map((entry) => entry.plan.backend);
  const lossChart = lab.lineChart({
    title: 'Training loss (first timed run on each backend)',
    series,
    xLabel: 'epoch',
    yLabel: 'mean loss',
  });
  for (const point of lossPoints) lossChart.add(point.x, point.values);
  const accuracyChart = lab.lineChart({
    title: 'Test accuracy after each epoch (first timed run on each backend)',
    series,
    xLabel: 'epoch',
    yLabel: 'accuracy (%)',
  });
  for (const point of accuracyPoints) accuracyChart.add(point.x, point.values);
  lab.barChart({
    title: 'Training speed (images per second, higher is faster)',
    bars: Object.fromEntries(measured.map((entry) => [entry.plan.backend, round(entry.imagesPerSecond, 1)])),
    unit: 'images/s',
  });
  const baseline = measured.find((entry) => entry.plan.backend === 'wasm');
  for (const entry of measured) {
    if (entry.plan.backend !== 'webgl' && entry.plan.backend !== 'webgpu') continue;
    if (!baseline) {
      lab.log(`No speed-up for ${entry.plan.backend}: add 'wasm' to BACKENDS for the CPU baseline.`);
      continue;
    }
    const ratio = entry.imagesPerSecond / baseline.imagesPerSecond;
    if (entry.plan.backend === 'webgl') lab.measured('cnn-speedup-default', ratio, '×');
    const software = isSoftwareRenderer(entry.plan.device) ? ' (a software renderer: no real GPU took part)' : '';
    lab.log(
      `Speed-up of ${entry.plan.backend} over the WASM CPU baseline: ${ratio.toFixed(2)}×${software}. The project's T4 over its CPU: ${T4_SPEEDUP.toFixed(2)}×.`,
    );
  }
  const plainCpu = measured.find((entry) => entry.plan.backend === 'cpu');
  if (plainCpu && baseline) {
    lab.log(
      `WASM over plain-JS cpu: ${(baseline.imagesPerSecond / plainCpu.imagesPerSecond).toFixed(0)}×. A "GPU speed-up" measured against the plain-JS backend mostly measures a slow CPU library.`,
    );
  }
  for (const entry of measured) lab.log(`What dominates a step: ${stepCostNote(entry.plan.device)}`);

  // 4. Keep the results in this browser and offer them for download.
  const history = lab.results<SavedRow>(BROWSER_RESULTS_KEY);
  if (settings.clearSavedResults) await history.clear();
  const date = new Date().toISOString();
  for (const entry of measured) {
    await history.append({
      date,
      backend: entry.plan.backend,
      data: data.source,
      batch: settings.batchSize,
      repeats: entry.plan.workload.repeats,
      'software renderer': isSoftwareRenderer(entry.plan.device),
      ...entry.row,
    });
  }
  const saved = await history.load();
  lab.table(saved.slice(-20).map(savedRowShown), {
    title: `Your saved results (last ${Math.min(20, saved.length)} of ${saved.length}, kept in this browser)`,
  });
  lab.download('cnn-benchmark-results.csv', toCsv(saved), 'text/csv');
  // The JSON is the course's results file (results-file.ts): versioned, and what the instructors' page reads.
  lab.download(RESULTS_FILE_NAME, resultsFileText(saved, date), 'application/json');
  lab.memory('after the benchmark');

  // 5. The finding, at the top of the output.
  lab.verdict(
    verdictOf(
      measured.map((entry) => ({
        backend: entry.plan.backend,
        imagesPerSecond: entry.imagesPerSecond,
        softwareRenderer: isSoftwareRenderer(entry.plan.device),
        smallWorkload: entry.plan.workload.small,
      })),
    ),
  );
}

/**
 * A saved run as the output's table shows it: when, in the learner's own locale and time zone, and the
 * columns that tell runs apart, so the table fits the panel. The CSV and the results file keep every
 * field, with the date as an ISO timestamp for other programs.
 */
function savedRowShown(row: SavedRow): TableRow {
  const date = new Date(row.date);
  return {
    when: Number.isNaN(date.getTime()) ? row.date : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
    backend: row.backend,
    data: row.data,
    'train images': row['train images'],
    epochs: row.epochs,
    'images/s': row['images/s'],
    'accuracy (%)': row['accuracy (%)'],
  };
}
