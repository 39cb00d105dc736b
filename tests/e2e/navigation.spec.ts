import { test, expect } from './fixtures.ts';

test('the home page maps the three units and links to their lessons', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'GPU Acceleration for Deep Learning' })).toBeVisible();
  const map = page
    .getByRole('region', { name: 'The course map' })
    .or(page.locator('section', { has: page.getByRole('heading', { name: 'The course map' }) }));
  for (const unit of [
    'Module 5 — GPU Acceleration & CUDA',
    'Week 6 — Hardware and Software for Deep Learning',
    'Project — Benchmarking a CNN on CPU and GPU',
  ]) {
    await expect(map.getByRole('link', { name: unit })).toBeVisible();
  }
});

test('the sidebar leads to a lesson and marks it as the current page', async ({ page }) => {
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Course' });
  const firstLesson = nav.locator('a[data-lesson-id]').first();
  const title = (await firstLesson.locator('.sidebar-lesson-title').textContent())?.trim() ?? '';
  await firstLesson.click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Course' }).locator('a[aria-current="page"]')).toHaveText(new RegExp(title));
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toContainText(title);
});

test('previous and next links walk the whole course in order', async ({ page }) => {
  await page.goto('/');
  const titles = await page.getByRole('navigation', { name: 'Course' }).locator('.sidebar-lesson-title').allTextContents();
  expect(titles.length).toBeGreaterThan(2);
  await page.getByRole('navigation', { name: 'Course' }).locator('a[data-lesson-id]').first().click();
  for (const [index, title] of titles.entries()) {
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title.trim());
    const next = page.getByRole('navigation', { name: 'Previous and next lessons' }).getByRole('link', { name: /^Next/ });
    if (index === titles.length - 1) {
      await expect(next).toHaveCount(0);
    } else {
      await next.click();
    }
  }
  await page
    .getByRole('navigation', { name: 'Previous and next lessons' })
    .getByRole('link', { name: /^Previous/ })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(titles[titles.length - 2]?.trim() ?? '');
});

test('the table of contents links to sections of the lesson', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Course' }).locator('a[data-lesson-id]').first().click();
  const toc = page.getByRole('navigation', { name: 'On this page' });
  const first = toc.getByRole('link').first();
  const target = (await first.getAttribute('href')) ?? '';
  await first.click();
  await expect(page).toHaveURL(new RegExp(`${target}$`));
  await expect(page.locator(target)).toBeInViewport();
});

test.describe('a missing page', () => {
  // The browser itself logs the 404 status of the document; that is the point of this test.
  test.use({ allowedConsoleErrors: [/status of 404/] });

  test('answers 404 with the course navigation', async ({ page }) => {
    const response = await page.goto('/no-such-lesson/');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Course' })).toBeAttached();
  });
});
