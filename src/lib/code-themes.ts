/**
 * The Shiki themes for every highlighted code block: Markdown fences (astro.config.mjs) and the labs'
 * static code (Lab.astro). High-contrast variants, because the default GitHub themes fall below the
 * WCAG AA contrast ratio for some tokens.
 */
export const codeThemes = { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' } as const;
