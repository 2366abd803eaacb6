/** The element that has focus, looking inside shadow roots (ours included). */
export function deepActive(doc: Document): HTMLElement | null {
  let el = doc.activeElement as HTMLElement | null;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement as HTMLElement;
  return el;
}

/**
 * Gives focus back after a prompt that had it goes away: to `to` while it is still on the page, else
 * to the page's main content (`<main>`, else the first element of the body that shows), so a
 * keyboard user is never dropped on `<body>`. Main content that cannot take focus is made focusable
 * by script only (`tabindex="-1"`), as skip links do.
 */
export function giveBack(doc: Document, to: HTMLElement | null): void {
  if (to?.isConnected && to !== doc.body) {
    to.focus();
    if (deepActive(doc) === to) return;
  }
  const main =
    doc.querySelector<HTMLElement>('main,[role="main"]') ??
    [...doc.body.children].find((el): el is HTMLElement => el instanceof HTMLElement && !/^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE|LINK|META)$|^UPSHIFT-/.test(el.tagName) && !!el.offsetParent);
  if (!main) return;
  if (main.tabIndex < 0 && !main.hasAttribute('tabindex')) main.tabIndex = -1;
  main.focus({ preventScroll: true });
}
