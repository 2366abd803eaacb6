/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
import { Fragment, h } from 'preact';
import type { Prompt } from '../../shared/engine/types';
import { stringsFor } from '../i18n';
import type { Model } from '../model';
import { Banner } from './Banner';

export interface RootProps {
  model: Model;
  onCta: (prompt: Prompt) => void;
  onDismiss: (prompt: Prompt) => void;
}

/**
 * Everything the widget renders. The live regions exist before any prompt does, so screen readers
 * announce a prompt when it appears: politely, except for the urgent tier.
 */
export function Root({ model, onCta, onDismiss }: RootProps) {
  const prompt = model.prompt.value;
  const strings = stringsFor(model.context.value?.user.locale);
  const announce = prompt ? `${prompt.content.title}. ${prompt.content.body}` : '';
  const urgent = prompt?.tone === 'urgent';
  return (
    <>
      {prompt && (
        <Banner key={`${prompt.ruleId}:${prompt.tier}`} prompt={prompt} strings={strings} onCta={() => onCta(prompt)} onDismiss={() => onDismiss(prompt)} />
      )}
      <div class="sr" role="status" aria-live="polite">
        {urgent ? '' : announce}
      </div>
      <div class="sr" role="alert" aria-live="assertive">
        {urgent ? announce : ''}
      </div>
    </>
  );
}
