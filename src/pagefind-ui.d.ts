// @pagefind/default-ui ships no type declarations; these cover the part of its API the search dialog
// uses (https://pagefind.app/docs/ui/), so `astro check` can verify the call.
declare module '@pagefind/default-ui' {
  export interface PagefindUIOptions {
    element: string | HTMLElement;
    bundlePath?: string;
    baseUrl?: string;
    showSubResults?: boolean;
    showImages?: boolean;
    resetStyles?: boolean;
    autofocus?: boolean;
  }
  export class PagefindUI {
    constructor(options: PagefindUIOptions);
  }
}
