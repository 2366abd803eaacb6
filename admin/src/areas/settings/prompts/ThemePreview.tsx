import { useLayoutEffect, useRef } from 'preact/hooks';
import type { PromptForm } from './form';
import { isColour, isFont, isRadius } from './theme-rules';

// The widget's own look where the theme leaves a key unset (widget/ui/styles.ts, the "recommend" tone).
const DEFAULTS = {
  light: { accent: '#6d28d9', background: '#ffffff', text: '#101828' },
  dark: { accent: '#8155e4', background: '#1d2433', text: '#f2f4f7' },
};

type Scheme = keyof typeof DEFAULTS;

/** The custom properties one preview card gets: typed values the server would take, else the widget's defaults. */
export function previewProperties(theme: PromptForm['theme'], scheme: Scheme): Record<string, string> {
  const pick = (key: 'accent' | 'background' | 'text') => {
    const v = theme[scheme === 'dark' ? (`dark${key[0]!.toUpperCase()}${key.slice(1)}` as 'darkAccent') : key].trim();
    return isColour(v) ? v : DEFAULTS[scheme][key];
  };
  return {
    '--pv-accent': pick('accent'),
    '--pv-bg': pick('background'),
    '--pv-text': pick('text'),
    '--pv-radius': isRadius(theme.radius.trim()) ? theme.radius.trim() : '12px',
    '--pv-font': isFont(theme.font.trim()) ? theme.font.trim() : 'system-ui, sans-serif',
  };
}

/**
 * One sample prompt in one colour scheme. The theme reaches it as CSS custom properties set from
 * script (element.style.setProperty): the console's CSP refuses inline `style` attributes.
 */
function Card({ theme, scheme }: { theme: PromptForm['theme']; scheme: Scheme }) {
  const card = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = card.current;
    if (!el) return;
    for (const [name, value] of Object.entries(previewProperties(theme, scheme))) el.style.setProperty(name, value);
  }, [theme, scheme]);
  return (
    <figure class="theme-preview-figure">
      <figcaption>{scheme === 'light' ? 'Light' : 'Dark'}</figcaption>
      <div ref={card} class="theme-preview" data-scheme={scheme}>
        <p class="pv-title">You have used 85 % of your API calls</p>
        <p class="pv-body">8,500 of 10,000 this month. Pro includes 100,000 calls and scheduled reports.</p>
        {/* Not a real button: a picture of one, so it takes no focus and does nothing. */}
        <span class="pv-cta" aria-hidden="true">
          Upgrade to Pro
        </span>
      </div>
    </figure>
  );
}

/** The live preview: the theme as typed, in light and dark, updated on every keystroke. */
export function ThemePreview({ theme }: { theme: PromptForm['theme'] }) {
  return (
    <div class="theme-previews" role="group" aria-label="Live preview of a prompt with this theme">
      <Card theme={theme} scheme="light" />
      <Card theme={theme} scheme="dark" />
    </div>
  );
}
