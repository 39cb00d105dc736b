/**
 * Which precached file answers a request: the service worker keeps each page under its directory URL
 * (`/module-5/`, never `/module-5/index.html`, which some hosts redirect), and answers the other
 * spellings of that URL with it. The query string is ignored: the files are static, and Pagefind asks for
 * its entry file with `?ts=…` to get past HTTP caches.
 */
export function precacheKey(pathname: string, isPrecached: (url: string) => boolean): string | undefined {
  const candidates = [pathname];
  if (pathname.endsWith('/index.html')) candidates.push(pathname.slice(0, -'index.html'.length));
  else if (!pathname.endsWith('/') && !/\.[^/]*$/.test(pathname)) candidates.push(`${pathname}/`);
  return candidates.find(isPrecached);
}
