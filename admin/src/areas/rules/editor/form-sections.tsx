import { Fragment } from 'preact';
import type { Warning } from '../../../ui';
import { AudienceSection } from './audience';
import { Basics } from './basics';
import { ContentSection } from '../content';
import { RulePreview } from '../preview';
import type { SectionProps } from './draft';
import { ExperimentSection } from './experiment';
import { Section, SectionWarnings } from './fields';
import { draftSettings } from './settings';
import { FrequencySection } from './frequency';
import { GuardsSection } from './guards';
import { OfferSection } from './offer';
import { warningsBySection, type SectionId } from './placement';
import { ScheduleSection } from './schedule';
import { SurfaceSection } from './surface';
import { TriggerSection } from './trigger';

interface Props extends SectionProps {
  isNew: boolean;
  envId: string;
  warnings: readonly Warning[];
}

const INTROS: Partial<Record<SectionId, string>> = {
  guards: 'The playbook\u2019s guards hold every prompt back from accounts that should not get a pitch. Override one for this rule only with a reason.',
  frequency: 'How often one person may see this rule. Empty fields use the defaults shown.',
  experiment: 'Split those who qualify between variants by weight, and hold some back to measure lift.',
};

/** Every section of the rule as a form, each with the engine's lint warnings that concern it. */
export function FormSections({ isNew, envId, warnings, ...props }: Props) {
  const lint = warningsBySection(warnings);
  const parts: [SectionId, string, preact.ComponentChildren][] = [
    ['basics', 'Basics', <Basics {...props} isNew={isNew} />],
    ['trigger', 'Trigger', <TriggerSection {...props} />],
    ['audience', 'Audience', <AudienceSection {...props} />],
    ['offer', 'Offer', <OfferSection {...props} />],
    ['surface', 'Surface and position', <SurfaceSection {...props} />],
    ['guards', 'Guards', <GuardsSection {...props} />],
    ['frequency', 'Frequency', <FrequencySection {...props} />],
    ['schedule', 'Schedule', <ScheduleSection {...props} />],
    ['experiment', 'Experiment', <ExperimentSection {...props} />],
  ];
  return (
    <>
      {parts.map(([id, title, body]) => (
        <Fragment key={id}>
          <Section id={`rule-${id}`} title={title} intro={INTROS[id]} warnings={lint.get(id)}>
            {body}
          </Section>
          {/* The content section is its own card, with its own heading, after the audience. */}
          {id === 'audience' ? (
            <>
              <ContentSection rule={props.rule} onChange={props.onChange} errors={props.errors} catalog={props.catalog} envId={envId} />
              <SectionWarnings title="content" lines={lint.get('content')} />
              <RulePreview rule={props.rule} catalog={props.catalog} settings={draftSettings.data.value?.settings ?? null} />
            </>
          ) : null}
        </Fragment>
      ))}
    </>
  );
}
