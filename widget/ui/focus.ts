/** The element that has focus, looking inside shadow roots (ours included). */
export function deepActive(doc: Document): HTMLElement | null {
  let el = doc.activeElement as HTMLElement | null;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement as HTMLElement;
  return el;
}

/**
 * Gives focus back after a prompt that had it goes away: to `to` while it is still on the page, else
 * to the page's main content, so a keyboard user is never dropped on `<body>`. Main content that
 * cannot take focus is made focusable by script only (`tabindex="-1"`), as skip links do.
 */
export function giveBack(doc: Document, to: HTMLElement | null): void {
  const main = doc.querySelector<HTMLElement>('main,[role="main"]') ?? (doc.body.firstElementChild as HTMLElement | null);
  const target = to?.isConnected && to !== doc.body ? to : main;
  if (!target) return;
  if (target === main && target.tabIndex < 0 && !target.hasAttribute('tabindex')) target.tabIndex = -1;
  target.focus({ preventScroll: target === main });
}
