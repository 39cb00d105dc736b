/**
 * The script ThemeInit.astro inlines into every page's <head>. It runs before the first paint (inline,
 * blocking, tiny) so the page never flashes the wrong theme: an explicit choice saved by the toggle wins,
 * otherwise the system preference. It also marks <html> with "js" so CSS can hide controls that need
 * JavaScript when it is off.
 *
 * It lives here, as text, because the Content-Security-Policy allows this one inline script by its hash
 * (src/integrations/headers.ts): one copy of the text, so the hash can never go stale.
 */
export const themeInitScript = `(() => {
  let saved = null;
  try {
    saved = localStorage.getItem('course-theme');
  } catch {}
  const dark = saved ? saved === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
  const root = document.documentElement;
  root.dataset.theme = dark ? 'dark' : 'light';
  root.classList.add('js');
})();`;
