import { useState } from 'preact/hooks';
import { role } from '../../model/session';
import { Empty, PageHeading } from '../../ui';
import { roleCan } from '../../../../shared/roles';
import { Tabs } from '../common/Tabs';
import '../common/areas.css';
import type { AreaProps } from '../types';
import { Identity, Install, Keys, Origins, Promote, Prompts, Stripe, Webhook, type SectionProps } from './sections';

const SECTIONS = [
  { id: 'install', label: 'Install', Section: Install },
  { id: 'secret-keys', label: 'Secret keys', Section: Keys },
  { id: 'origins', label: 'Allowed origins', Section: Origins },
  { id: 'identity', label: 'Identity verification', Section: Identity },
  { id: 'webhook', label: 'Webhook endpoint', Section: Webhook },
  { id: 'stripe', label: 'Stripe', Section: Stripe },
  { id: 'prompts', label: 'Prompt settings', Section: Prompts },
  { id: 'promote', label: 'Promote', Section: Promote, needs: 'edit' as const },
];

/** The section the URL's hash names (`…/settings#webhook`), so a section can be linked to and survives a reload. */
const fromHash = (): string => {
  const id = location.hash.slice(1);
  return SECTIONS.some((s) => s.id === id) ? id : 'install';
};

function SettingsPage(props: SectionProps) {
  const [selected, setSelected] = useState(fromHash);
  const sections = SECTIONS.filter((s) => !s.needs || roleCan(props.role, s.needs));
  const select = (id: string) => {
    setSelected(id);
    history.replaceState(history.state, '', `#${id}`);
  };
  return (
    <>
      <PageHeading title={`Settings of ${props.env.name}`} />
      <Tabs label="Settings sections" vertical tabs={sections.map((s) => ({ id: s.id, label: s.label, render: () => <s.Section {...props} /> }))} selected={sections.some((s) => s.id === selected) ? selected : 'install'} onSelect={select} />
    </>
  );
}

/** `/admin/env/:envId/settings`: everything about one environment, one section at a time. */
export default function Settings({ env, envs }: AreaProps) {
  const current = role.value;
  if (!env) {
    return (
      <>
        <PageHeading title="Settings" />
        <Empty>There is no environment yet. An owner can create one under Environments.</Empty>
      </>
    );
  }
  if (!current) return null;
  // Keyed by environment: switching environments starts every section afresh, with nothing of the other one's.
  return <SettingsPage key={env.id} env={env} envs={envs} role={current} />;
}
