import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { focus } from '../router';

interface Props {
  /** The page's name: the h1 and the start of the document title. */
  title: string;
  /** Anything beside the heading (e.g. the page's main action). */
  actions?: ComponentChildren;
}

/**
 * Every page's h1. It names the tab ("People · Upshift") and, after an in-app navigation, takes
 * focus (tabindex=-1) so keyboard and screen reader users start at the new page, not the old link.
 */
export function PageHeading({ title, actions }: Props) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => {
    document.title = `${title} · Upshift`;
    if (focus.pending) {
      focus.pending = false;
      h1.current?.focus();
    }
  }, [title]);
  const heading = (
    <h1 ref={h1} tabIndex={-1}>
      {title}
    </h1>
  );
  return actions ? (
    <div class="spread">
      {heading}
      <div class="row">{actions}</div>
    </div>
  ) : (
    heading
  );
}
