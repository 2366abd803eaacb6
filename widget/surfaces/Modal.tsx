/** @jsxRuntime classic */
/** @jsx h */
import { Component, createRef, h, type ComponentChildren } from 'preact';

const FOCUSABLE = 'a[href],button:not([disabled]),textarea,input,select,[tabindex]:not([tabindex="-1"])';

/** The element that has focus, looking inside shadow roots (ours included). */
function deepActive(doc: Document): HTMLElement | null {
  let el = doc.activeElement as HTMLElement | null;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement as HTMLElement;
  return el;
}

/**
 * The WAI-ARIA dialog pattern around a card rendered with `modal`: focus moves in on open and Tab
 * wraps inside; Esc closes; everything else on the page is inert meanwhile; focus goes back to
 * where it was on close.
 */
export class Modal extends Component<{ close: () => void; children: ComponentChildren }> {
  private box = createRef<HTMLDivElement>();
  private back: HTMLElement | null = null;
  private inerted: HTMLElement[] = [];

  private focusables(): HTMLElement[] {
    return [...this.box.current!.querySelectorAll<HTMLElement>(FOCUSABLE)];
  }

  override componentDidMount() {
    const host = (this.box.current!.getRootNode() as ShadowRoot).host as HTMLElement;
    this.back = deepActive(host.ownerDocument);
    for (const el of (host.parentElement?.children ?? []) as Iterable<HTMLElement>) {
      if (el !== host && !el.inert) {
        el.inert = true;
        this.inerted.push(el);
      }
    }
    this.focusables()[0]?.focus();
  }

  override componentWillUnmount() {
    for (const el of this.inerted) el.inert = false;
    if (this.back?.isConnected) this.back.focus();
  }

  render() {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.props.close();
      } else if (e.key === 'Tab') {
        const all = this.focusables();
        const edge = all[e.shiftKey ? 0 : all.length - 1];
        if (!edge || (this.box.current!.getRootNode() as ShadowRoot).activeElement === edge) {
          e.preventDefault();
          all[e.shiftKey ? all.length - 1 : 0]?.focus();
        }
      }
    };
    return (
      <div class="backdrop" ref={this.box} onKeyDown={onKeyDown}>
        {this.props.children}
      </div>
    );
  }
}
