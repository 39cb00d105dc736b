/**
 * npm run screenshots: pictures of the CNN lab for docs/screenshots/ (docs/screenshots/README.md), taken
 * from the built site (run `npm run build` first) in the project's Chromium (scripts/lib/chromium-path.ts).
 *
 * Two runs of the CNN lab in the project lesson, each with small settings so the whole script takes a few
 * minutes even on a 2-core machine with a software GPU:
 * - the run view: the default 'compare' experiment on a tiny workload, its output once done;
 * - the crossover sweep: a short sweep, its first chart (one line per backend, width on the x axis).
 * Each is captured at 1366 px wide, then the window is narrowed to 390 px (a phone) and captured again,
 * so the pictures also show that the output and its charts follow the width. The settings are edited in
 * the lab's own main.ts as a learner would, so the pictures follow the lab as it is when the script runs.
 *
 * Options: --port N (default 4399; an `astro preview` already serving dist/ there is used as it is).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium, type Locator, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './lib/chromium-path.ts';

const outputDir = 'docs/screenshots';
const lessonPath = '/project/benchmarking-a-cnn/';
const widths = [1366, 390] as const;
/** A long enough wait for a lab run on a slow machine with a software GPU. */
const runTimeoutMs = 10 * 60_000;

interface Shot {
  name: string;
  /** Settings of labs/cnn/main.ts to change, by constant name: the new value as code. */
  settings: Record<string, string>;
  /** What to capture once the run is done. */
  target: (lab: Locator) => Locator;
}

const shots: readonly Shot[] = [
  {
    name: 'cnn-run',
    settings: {
      BACKENDS: "['wasm', 'webgl']",
      TRAIN_IMAGES: '256',
      TEST_IMAGES: '128',
      EPOCHS: '2',
      BATCH_SIZE: '32',
    },
    target: (lab) => lab.locator('.lab-output'),
  },
  {
    name: 'sweep-chart',
    settings: {
      EXPERIMENT: "'crossover'",
      BACKENDS: "['wasm', 'webgl']",
      SWEEP_WIDTHS: '[1, 2, 4]',
      SWEEP_BATCHES: '[64]',
      SECONDS_PER_POINT: '0.3',
    },
    target: (lab) => lab.locator('.lab-chart').first(),
  },
];

/** labs/cnn/main.ts with `settings` changed; fails naming a constant the lab no longer declares. */
function programWith(settings: Record<string, string>): string {
  let code = readFileSync('labs/cnn/main.ts', 'utf8');
  for (const [name, value] of Object.entries(settings)) {
    const pattern = new RegExp(`^const ${name}(: [^=]+)? = [^;]+;`, 'm');
    if (!pattern.test(code))
      throw new Error(`labs/cnn/main.ts no longer declares ${name}: update the settings in scripts/screenshots.ts.`);
    code = code.replace(pattern, (_line, type: string | undefined) => `const ${name}${type ?? ''} = ${value};`);
  }
  return code;
}

async function serving(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

/** An `astro preview` of dist/ on `port`, or null when one already answers there. */
async function startPreview(port: number): Promise<ChildProcess | null> {
  const url = `http://localhost:${port}/`;
  if (await serving(url)) return null;
  const preview = spawn('node_modules/.bin/astro', ['preview', '--port', String(port), '--host', 'localhost'], {
    stdio: 'ignore',
  });
  for (let tries = 0; tries < 120; tries++) {
    if (await serving(url)) return preview;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  preview.kill();
  throw new Error(`astro preview did not answer on ${url} within a minute.`);
}

async function runLab(page: Page, port: number, shot: Shot): Promise<Locator> {
  await page.goto(`http://localhost:${port}${lessonPath}`);
  const lab = page.locator('course-lab[data-lab-id="cnn"]');
  await lab.scrollIntoViewIfNeeded();
  await lab.locator('.monaco-editor').waitFor({ timeout: 60_000 });
  await page.waitForFunction(
    () => document.querySelector('course-lab[data-lab-id="cnn"]')?.getAttribute('data-state') === 'idle',
  );
  // Pasted as a learner would (typing would auto-indent and close brackets).
  await lab.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.evaluate((text) => navigator.clipboard.writeText(text), programWith(shot.settings));
  await page.keyboard.press('ControlOrMeta+V');
  await lab.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForFunction(
    () => ['done', 'error'].includes(document.querySelector('course-lab[data-lab-id="cnn"]')?.getAttribute('data-state') ?? ''),
    undefined,
    { timeout: runTimeoutMs, polling: 1000 },
  );
  const state = await lab.getAttribute('data-state');
  if (state !== 'done') throw new Error(`The ${shot.name} run ended in state "${state}": see the lab's output.`);
  return lab;
}

async function capture(page: Page, target: Locator, path: string): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  // Charts are drawn when they come near the screen, and redrawn after a resize: give them a moment.
  await page.waitForTimeout(1500);
  await target.screenshot({ path, animations: 'disabled' });
  console.log(`${path}: ${Math.round(statSync(path).size / 1024)} KB`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '4399' } } });
  const port = Number(values.port);
  if (!existsSync('dist/index.html')) throw new Error('No built site in dist/: run `npm run build` first.');
  mkdirSync(outputDir, { recursive: true });
  const preview = await startPreview(port);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...chromiumArgs] });
  try {
    const context = await browser.newContext({
      serviceWorkers: 'block',
      permissions: ['clipboard-read', 'clipboard-write'],
      viewport: { width: widths[0], height: 900 },
      colorScheme: 'light',
    });
    const page = await context.newPage();
    for (const shot of shots) {
      const started = performance.now();
      await page.setViewportSize({ width: widths[0], height: 900 });
      const lab = await runLab(page, port, shot);
      console.log(`${shot.name}: ran in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      for (const width of widths) {
        await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
        await capture(page, shot.target(lab), `${outputDir}/${shot.name}-${width}.png`);
      }
    }
  } finally {
    await browser.close();
    preview?.kill();
  }
}

await main();
