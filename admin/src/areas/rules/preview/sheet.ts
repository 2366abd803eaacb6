import { styles } from '../../../../../widget/ui/styles';

export type Scheme = 'light' | 'dark';
/** The preview's page widths: a desktop browser, or a 360 px phone. */
export const WIDTHS = { desktop: 1024, phone: 360 } as const;
export type Width = keyof typeof WIDTHS;

/**
 * The widget's own stylesheet (upshift-ui.js's `styles`) as it applies on a page of `width` pixels
 * in `scheme`: its media queries are settled here, because the preview sits in the console's
 * window, whose size and colour scheme are not the simulated page's. `100vw` becomes the preview
 * frame's width (`100cqw`; the frame is a size container), and the frame contains fixed surfaces
 * (banners, toasts, the modal backdrop) as a page's viewport would. No rule is added or reworded.
 */
export function previewCss(scheme: Scheme, width: Width): string {
  return styles
    .replace(/@media \(prefers-color-scheme:\s*dark\)/g, scheme === 'dark' ? '@media all' : '@media not all')
    .replace(/@media \(max-width:\s*(\d+)px\)/g, (_, max: string) => (WIDTHS[width] <= Number(max) ? '@media all' : '@media not all'))
    .replace(/100vw/g, '100cqw');
}

/** The nonce the console's page was served with (its scripts carry it), for a `<style>` where constructable stylesheets are missing. */
const pageNonce = (): string => document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce ?? '';

/**
 * Puts `css` into a shadow root the way upshift.js does: an adopted constructable stylesheet,
 * which the console's CSP (`style-src 'self' 'nonce-…'`) does not govern; where a browser lacks
 * them, a `<style>` with the page's nonce.
 */
export function adoptCss(root: ShadowRoot, css: string): void {
  // jsdom (the console's component tests) has no adoptedStyleSheets.
  if ('adoptedStyleSheets' in (root as object)) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
    return;
  }
  let style = root.querySelector('style');
  if (!style) {
    style = document.createElement('style');
    style.nonce = pageNonce();
    root.prepend(style);
  }
  style.textContent = css;
}
