/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact';
import type { Prompt } from '../../shared/engine/types';
import { DECLINE_REASONS } from '../../shared/constants';
import type { DeclineReason } from '../../shared/schemas/event';
import type { Actions, Ui } from '../model';
import { fill, type Strings } from './i18n';

export interface CardProps {
  p: Prompt;
  s: Strings;
  ui: Ui;
  ask: boolean;
  num: (n: number) => string;
  a: Actions;
  /** Rendered inside a modal dialog. */
  modal?: boolean | undefined;
}

/** The decline reasons, in the order offered. */
export const REASONS: readonly DeclineReason[] = DECLINE_REASONS;

/** Only http(s) URLs and same-site paths may become links, whatever the config says. */
export const safeHref = (href: string | undefined): string | undefined =>
  href && /^(https?:\/\/[^\s\\]+|\/(?!\/)[^\s\\]*)$/i.test(href) ? href : undefined;

const done = new WeakSet<Element>();
/** A ref that runs `fn` once per element, however often the card renders. */
const once = (fn: (el: HTMLElement) => void) => (el: HTMLElement | null) => {
  if (el && !done.has(el)) {
    done.add(el);
    fn(el);
  }
};
/** Moves focus to an element that replaced the focused one, so keyboard users are not dropped on the page. */
const focus = once((el) => el.focus());

/**
 * One prompt, on any surface: the offer in the customer's own numbers, a usage meter, the feature
 * explanation for panels, the call to action, "remind me later", "not interested" with its reasons,
 * and a close button. Every string is rendered as text.
 */
export function Card({ p, s, ui, ask, num, a, modal }: CardProps) {
  const { title, body, cta } = p.content;
  const { metric: m, feature: f, offer: o } = p;
  const id = `u-${p.ruleId}-`;
  const href = !ask && safeHref(o.href);
  const go = (e: Event) => a.go(p, e, ask);
  const includedIn = o.type === 'addon' ? o.name : o.plan?.name;
  const facts = [includedIn && fill(s.includes, includedIn), o.days && fill(s.trial, o.days)].filter(Boolean).join(' · ');
  return (
    <div
      ref={once((el) => a.seen(el, p))}
      class={`card ${p.surface} ${p.tone} ${p.position ?? ''}`}
      role={modal ? 'dialog' : 'region'}
      aria-modal={modal ? 'true' : undefined}
      aria-labelledby={`${id}t`}
      aria-describedby={`${id}b`}
      data-tone={p.tone}
    >
      <p class="title" id={`${id}t`}>
        {title}
      </p>
      <p class="body" id={`${id}b`}>
        {body}
      </p>
      {m?.limit ? (
        <div class="use">
          {fill(s.of, num(m.usage), num(m.limit), m.unit ?? m.name)}
          <div class="meter" aria-hidden="true">
            <i style={{ width: `${Math.min(100, (100 * m.usage) / m.limit)}%` }} />
          </div>
        </div>
      ) : null}
      {p.surface === 'panel' && f ? (
        <div class="about">
          {f.description && <p>{f.description}</p>}
          {f.quote && <blockquote>{f.quote}</blockquote>}
          {facts && <p class="facts">{facts}</p>}
        </div>
      ) : null}
      {ui.msg && (
        <p class={`msg ${ui.ok ? 'ok' : ''}`} tabIndex={-1} ref={focus}>
          {fill(s[ui.msg[0]], ...ui.msg.slice(1))}
        </p>
      )}
      {ui.ok ? null : ui.mode === 'no' ? (
        <div class="why" role="group" aria-labelledby={`${id}w`}>
          <p class="title" id={`${id}w`}>
            {s.why}
          </p>
          {REASONS.map((r, i) => (
            <button type="button" class="alt" ref={i ? null : focus} onClick={() => (r === 'other' ? a.mode(p, 'other') : a.no(p, r))}>
              {s[r]}
            </button>
          ))}
        </div>
      ) : ui.mode === 'other' ? (
        <form
          class="why"
          onSubmit={(e) => {
            e.preventDefault();
            a.no(p, 'other', (e.currentTarget as HTMLFormElement).querySelector('textarea')!.value);
          }}
        >
          <label for={`${id}n`}>{s.other}</label>
          <textarea id={`${id}n`} ref={focus} required maxLength={500} rows={2} />
          <button class="cta">{s.send}</button>
        </form>
      ) : (
        <div class="actions">
          {href ? (
            <a class="cta" href={href} onClick={go}>
              {cta}
            </a>
          ) : (
            <button type="button" class="cta" disabled={ui.mode === 'busy'} onClick={go}>
              {ask ? s.ask : cta}
            </button>
          )}
          {p.surface === 'panel' || p.surface === 'inline' ? null : (
            <button type="button" class="alt" onClick={() => a.later(p)}>
              {s.later}
            </button>
          )}
          <button type="button" class="alt" onClick={() => a.mode(p, 'no')}>
            {s.no}
          </button>
        </div>
      )}
      <button type="button" class="x" aria-label={ui.ok ? s.close : s.dismiss} title={ui.ok ? s.close : s.dismiss} onClick={() => a.close(p)}>
        ×
      </button>
    </div>
  );
}
