import type { AreaProps } from '../types';
import { Empty, PageHeading } from '../../ui';

/** Placeholder: the settings area (keys, origins, identity, webhooks, Stripe, prompts) is built on branch console-env. */
export default function Settings({ env }: AreaProps) {
  return (
    <>
      <PageHeading title="Settings" />
      <Empty>Settings of {env?.name ?? 'this environment'} arrive here.</Empty>
    </>
  );
}
