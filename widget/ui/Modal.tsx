/** @jsxRuntime classic */
/** @jsx h */
import { Component, createRef, h, type ComponentChildren } from 'preact';
import { deepActive, giveBack } from './focus';

const FOCUSABLE = 'a[href],button:not([disabled]),textarea,input,select,[tabindex]:not([tabindex="-1"])';

/**
 * The WAI-ARIA dialog pattern around a card rendered with `modal`: focus moves in on open and Tab
 * wraps inside; Esc closes; everything else on the page is inert meanwhile; focus goes back to
 * where it was on close. Render each prompt's modal under its own `key`: a modal that replaces
 * another is a new dialog, which must take focus itself.
 */
export class Modal extends Component<{ close: () => void; children: ComponentChildren }> {
  private box = createRef<HTMLDivElement>();
  private back: HTMLElement | null = null;
  private inerted: HTMLElement[] = [];

  private focusables(): HTMLElement[] {
    return [...this.box.current!.querySelectorAll<HTMLElement>(FOCUSABLE)];
  }

  private host(): HTMLElement {
    return (this.box.current!.getRootNode() as ShadowRoot).host as HTMLElement;
  }

  override componentDidMount() {
    const host = this.host();
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
    giveBack(this.host().ownerDocument, this.back);
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

/**
 * Around a banner, toast or inline card: when it goes away while focus is inside it (dismissed,
 * snoozed or declined from the keyboard), focus goes back to where it was before it entered the
 * card, or to the page's main content; never to `<body>`.
 */
export class Keep extends Component<{ children: ComponentChildren }> {
  private box = createRef<HTMLDivElement>();
  private from: HTMLElement | null = null;

  override componentWillUnmount() {
    const box = this.box.current!;
    const root = box.getRootNode() as ShadowRoot;
    if (box.contains(root.activeElement)) giveBack(root.host.ownerDocument, this.from);
  }

  render() {
    const onFocusIn = (e: FocusEvent) => {
      const from = e.relatedTarget as HTMLElement | null;
      if (from && !this.box.current!.contains(from)) this.from = from;
    };
    return (
      <div class="keep" ref={this.box} onFocusIn={onFocusIn}>
        {this.props.children}
      </div>
    );
  }
}
