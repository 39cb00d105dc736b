import { test as base, expect, type Browser, type BrowserContextOptions, type Locator, type Page } from '@playwright/test';

/**
 * Every end-to-end test runs with two guards: the page must log no console errors (and throw no
 * uncaught exceptions), and it must make no request outside localhost (no CDN, fonts or analytics).
 * Tests that provoke an error on purpose list the messages they expect in `allowedConsoleErrors`.
 */
interface Guards {
  allowedConsoleErrors: RegExp[];
  pageGuards: void;
}

/** Collects what the guards refuse on `page`: console errors and uncaught exceptions not allowed, external requests. */
function watchForProblems(page: Page, allowedConsoleErrors: RegExp[]): string[] {
  const problems: string[] = [];
  const allowed = (text: string) => allowedConsoleErrors.some((pattern) => pattern.test(text));
  page.on('console', (message) => {
    if (message.type() === 'error' && !allowed(message.text())) problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => {
    if (!allowed(error.message)) problems.push(`uncaught: ${error.message}`);
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if (!local && !['data:', 'blob:', 'about:'].includes(url.protocol)) problems.push(`external request: ${request.url()}`);
  });
  return problems;
}

export const test = base.extend<Guards>({
  allowedConsoleErrors: [[], { option: true }],
  pageGuards: [
    async ({ page, allowedConsoleErrors }, use) => {
      const problems = watchForProblems(page, allowedConsoleErrors);
      await use();
      expect(problems, 'console errors, uncaught exceptions or external requests').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Opens a page and waits until its custom elements have had the chance to upgrade. */
export async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.waitForLoadState('load');
}

/**
 * Opens a lesson and waits until its lab's editor is ready and idle, as a learner would before pressing
 * Run (tests about loading itself live in lab.spec.ts).
 */
export async function openLab(page: Page, lessonPath: string, labId: string): Promise<Locator> {
  await page.goto(lessonPath);
  const lab = page.locator(`course-lab[data-lab-id="${labId}"]`);
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
  await expect(lab).toHaveAttribute('data-state', 'idle');
  return lab;
}

/** Presses Run and waits for the lab to finish (this run, on a page that ran it before too); returns its output log. */
export async function runLabToDone(lab: Locator, timeout = 90_000): Promise<Locator> {
  await forgetLastRun(lab);
  await lab.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(lab).toHaveAttribute('data-state', 'done', { timeout });
  return lab.getByRole('log');
}

/**
 * The editor's lines in view, top to bottom, without whitespace: Monaco reuses its line elements, so their
 * order in the page is not the order on screen (each one's `top` is), and a long line wraps into several.
 */
function editorLinesInView(lab: Locator): Promise<string> {
  return lab.locator('.monaco-editor .view-line').evaluateAll((lines) =>
    lines
      .map((line) => ({ top: parseFloat((line as HTMLElement).style.top), text: line.textContent ?? '' }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text)
      .join('')
      .replace(/\s+/g, ''),
  );
}

/**
 * Replaces a lab's code the way a learner pasting would (typing would auto-close brackets and auto-indent).
 * The keys go to the editor only once it has the focus, and the paste is tried again until the editor shows
 * the code's last line with words in it (the cursor ends just below it): on a busy machine a run that has just
 * ended can move the focus to its Run button after the click, and the keys would then go there.
 */
export async function pasteCode(page: Page, lab: Locator, code: string): Promise<void> {
  // Monaco marks its root while its input has the focus (the input itself is a textarea or an EditContext).
  const editor = lab.locator('.monaco-editor');
  const lastLine =
    code
      .split('\n')
      .findLast((line) => /\w/.test(line))
      ?.trim() ?? '';
  await expect(async () => {
    await lab.locator('.monaco-editor .view-lines').click();
    await expect(editor).toHaveClass(/\bfocused\b/, { timeout: 2_000 });
    await page.keyboard.press('ControlOrMeta+A');
    await page.evaluate((text) => navigator.clipboard.writeText(text), code);
    await expect(editor).toHaveClass(/\bfocused\b/, { timeout: 1_000 });
    await page.keyboard.press('ControlOrMeta+V');
    await expect.poll(() => editorLinesInView(lab), { timeout: 2_000 }).toContain(lastLine.replace(/\s+/g, ''));
  }).toPass({ timeout: 30_000 });
}

/**
 * One page for a group of tests (`test.describe.configure({ mode: 'serial' })`), so that a heavy page (a lab
 * with Monaco and TensorFlow.js) loads once for the group instead of once per test. It carries the same guards
 * as every test's own page: call `expectNoProblems()` after each test and `close()` after all.
 */
export interface SharedPage {
  page: Page;
  expectNoProblems(): void;
  close(): Promise<void>;
}

export async function openSharedPage(
  browser: Browser,
  options: BrowserContextOptions & { allowedConsoleErrors?: RegExp[] } = {},
): Promise<SharedPage> {
  const { allowedConsoleErrors = [], ...contextOptions } = options;
  // The project's `use` settings, which a context made by hand does not get on its own.
  const context = await browser.newContext({ serviceWorkers: 'block', ...contextOptions });
  const page = await context.newPage();
  const problems = watchForProblems(page, allowedConsoleErrors);
  return {
    page,
    expectNoProblems() {
      expect(problems.splice(0), 'console errors, uncaught exceptions or external requests').toEqual([]);
    },
    close: () => context.close(),
  };
}

/**
 * Marks a lab whose last run has ended, so that waiting for `data-state` after the next Run sees only that
 * run's states, never the previous run's "done" (a page shared by several tests runs a lab many times).
 * The element keeps its state in a field and only mirrors it to the attribute, so this changes nothing else.
 */
export async function forgetLastRun(lab: Locator): Promise<void> {
  await expect(lab).not.toHaveAttribute('data-state', /^(loading|running)$/);
  await lab.evaluate((element) => element.setAttribute('data-state', 'before-next-run'));
}

/** What a group that shares a lab gets once its page is open. */
export interface OpenedLab {
  page: Page;
  lab: Locator;
}

/**
 * Declares, inside a `test.describe`, a group of tests that share one page with one lab open, as a learner
 * runs program after program: Monaco and TensorFlow.js load once for the group. The tests run in order
 * (serial), each from where the last left the page; `onOpen` receives the page and the lab. The page has
 * the clipboard (for `pasteCode`) and the usual guards; `beforeOpen` runs before the lesson loads.
 */
export function useSharedLab(
  lessonPath: string,
  labId: string,
  onOpen: (opened: OpenedLab) => void,
  options: BrowserContextOptions & { allowedConsoleErrors?: RegExp[]; beforeOpen?: (page: Page) => Promise<void> } = {},
): void {
  test.describe.configure({ mode: 'serial' });
  let shared: SharedPage | undefined;
  test.beforeAll(async ({ browser, baseURL }) => {
    const { beforeOpen, ...pageOptions } = options;
    shared = await openSharedPage(browser, { baseURL, permissions: ['clipboard-read', 'clipboard-write'], ...pageOptions });
    await beforeOpen?.(shared.page);
    onOpen({ page: shared.page, lab: await openLab(shared.page, lessonPath, labId) });
  });
  test.afterEach(() => shared?.expectNoProblems());
  test.afterAll(() => shared?.close());
}
