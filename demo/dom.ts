/**
 * Creates an element: `props` with a dash (`data-upshift-feature`, `aria-label`) or that are not
 * properties of the element become attributes, the others are set as properties (`className`, `htmlFor`).
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key.includes('-') || !(key in node)) node.setAttribute(key, value);
    else Object.assign(node, { [key]: value });
  }
  node.append(...children);
  return node;
}
