/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact';
import type { Prompt } from '../../shared/engine/types';
import type { Strings } from '../i18n';

export interface BannerProps {
  prompt: Prompt;
  strings: Strings;
  onCta: () => void;
  onDismiss: () => void;
}

/** Only http(s) URLs and same-site paths may become links, whatever the config says. */
export const safeHref = (href: string | undefined): string | undefined =>
  href && /^(https?:\/\/[^\s\\]+|\/(?!\/)[^\s\\]*)$/i.test(href) ? href : undefined;

/** A non-modal banner: the offer in the customer's own numbers, one call to action, one dismiss. */
export function Banner({ prompt, strings, onCta, onDismiss }: BannerProps) {
  const { title, body, cta } = prompt.content;
  const href = safeHref(prompt.offer.href);
  return (
    <section class={`banner ${prompt.tone}`} role="region" aria-labelledby="upshift-title" aria-describedby="upshift-body" data-tone={prompt.tone}>
      <div class="text">
        <p class="title" id="upshift-title">
          {title}
        </p>
        <p class="body" id="upshift-body">
          {body}
        </p>
      </div>
      <div class="actions">
        {href ? (
          <a class="cta" href={href} onClick={onCta}>
            {cta}
          </a>
        ) : (
          <button type="button" class="cta" onClick={onCta}>
            {cta}
          </button>
        )}
        <button type="button" class="close" aria-label={strings.dismiss} title={strings.dismiss} onClick={onDismiss}>
          ×
        </button>
      </div>
    </section>
  );
}
