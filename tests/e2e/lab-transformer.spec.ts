import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { test, expect, pasteCode, runLabToDone, useSharedLab } from './fixtures.ts';

/**
 * The transformer lab in its lesson, on the Tiny Shakespeare the site ships: a shrunk 'train' run on WASM
 * (the loss falls, text is written, the verdict ends it), then a shrunk sweep whose lead the lesson's
 * prediction shows, with the reason no lead appears on a software renderer. One page: Monaco and TensorFlow.js
 * load once.
 */
const lessonPath = '/module-5/where-gpus-are-used/';

/** The lab's own code with some of its settings changed, as a learner would edit them. */
function programWith(settings: Record<string, string>): string {
  let code = readFileSync('labs/transformer/main.ts', 'utf8');
  for (const [name, value] of Object.entries(settings)) {
    const pattern = new RegExp(`^(export )?const ${name}(: [^=]+)? = [^;]+;`, 'm');
    expect(code, `main.ts declares ${name}`).toMatch(pattern);
    code = code.replace(
      pattern,
      (_line, exported: string | undefined, type: string | undefined) =>
        `${exported ?? ''}const ${name}${type ?? ''} = ${value};`,
    );
  }
  return code;
}

async function pasteSettings(page: Page, lab: Locator, code: string): Promise<void> {
  await pasteCode(page, lab, code);
  await page.keyboard.press('ControlOrMeta+Home');
}

test.describe('transformer lab', () => {
  let page: Page;
  let lab: Locator;
  useSharedLab(lessonPath, 'transformer', (opened) => ({ page, lab } = opened));

  test('trains a small transformer on Tiny Shakespeare: the loss falls, it writes text, and a verdict ends the run', async () => {
    // WASM alone: the sweep below starts WebGL too, and compiling its shaders on a software GPU takes seconds.
    await pasteSettings(
      page,
      lab,
      programWith({
        BACKENDS: "['wasm']",
        WIDTH: '32',
        CONTEXT: '32',
        BATCH_SIZE: '8',
        STEPS: '60',
        LOSS_READ_EVERY: '10',
        GENERATE_CHARACTERS: '40',
      }),
    );
    const log = await runLabToDone(lab, 120_000);
    await expect(log).toContainText('Tiny Shakespeare');
    await expect(log).toContainText('After 60 steps on wasm, the model writes:');
    const line = (await log.textContent()) ?? '';
    const [, first, last] = /wasm: .*training loss (\d+\.\d+) at step \d+ → (\d+\.\d+) at step 60/.exec(line) ?? [];
    expect(Number(last), line).toBeLessThan(Number(first) - 0.3);
    await expect(lab.locator('[data-verdict]')).toContainText('WASM, the CPU baseline, was the fastest here');
  });

  test('the sweep measures each size on WASM and WebGL, shows the lead in the lesson, and says why a software renderer gives none', async () => {
    await pasteSettings(
      page,
      lab,
      programWith({
        EXPERIMENT: "'sweep'",
        BACKENDS: "['wasm', 'webgl']",
        LAYERS: '1',
        WIDTH: '16',
        CONTEXT: '16',
        SWEEP_WIDTHS: '[16, 32]',
        SWEEP_CONTEXTS: '[16]',
        SWEEP_BATCH_SIZE: '2',
        SECONDS_PER_POINT: '0.1',
      }),
    );
    const log = await runLabToDone(lab, 120_000);
    await expect(log).toContainText(/webgl, growing the width: no GPU lead to measure, as it runs on a software renderer/);
    const figure = page.locator('[data-prediction="transformer-gpu-lead"]');
    await expect(figure).toContainText(/\d+(\.\d+)?×/);
    await expect(lab.locator('[data-verdict]')).toContainText("webgl's lead over WASM");
  });
});
