import { useMemo } from 'preact/hooks';
import type { EnvironmentView, Role } from '../../../../shared/schemas/admin';
import { refreshEnvironments } from '../../model/environments';
import { IdentitySection } from './identity/IdentitySection';
import { createIdentityModel } from './identity/model';
import { InstallSection } from './install/InstallSection';
import { createInstallModel } from './install/model';
import { createSecretKeysModel } from './keys/model';
import { SecretKeysSection } from './keys/SecretKeysSection';
import { createOriginsModel } from './origins/model';
import { OriginsSection } from './origins/OriginsSection';
import { createPromoteModel } from './promote/model';
import { PromoteSection } from './promote/PromoteSection';
import { createPromptSettingsModel } from './prompts/model';
import { PromptSettingsSection } from './prompts/PromptSettingsSection';
import { createStripeModel } from './stripe/model';
import { StripeSection } from './stripe/StripeSection';
import { createWebhookModel } from './webhook/model';
import { WebhookSection } from './webhook/WebhookSection';

// Each section makes its model when its tab is first opened (the tabs keep it mounted after), so
// opening Settings fetches only what the visible section shows.

export interface SectionProps {
  env: EnvironmentView;
  envs: EnvironmentView[];
  role: Role;
}

// The environment list in the frame (switcher, other areas) must see a rotated key or new origins.
const envChanged = () => void refreshEnvironments();

export const Install = ({ env, role }: SectionProps) => <InstallSection env={env} role={role} model={useMemo(() => createInstallModel(env.id, envChanged), [env.id])} />;
export const Keys = ({ env, role }: SectionProps) => <SecretKeysSection role={role} model={useMemo(() => createSecretKeysModel(env.id), [env.id])} />;
export const Origins = ({ env, role }: SectionProps) => <OriginsSection role={role} model={useMemo(() => createOriginsModel(env, envChanged), [env.id])} />;
export const Identity = ({ env, role }: SectionProps) => <IdentitySection role={role} model={useMemo(() => createIdentityModel(env.id), [env.id])} />;
export const Webhook = ({ env, role }: SectionProps) => <WebhookSection role={role} model={useMemo(() => createWebhookModel(env.id), [env.id])} />;
export const Stripe = ({ env, role }: SectionProps) => <StripeSection envId={env.id} role={role} model={useMemo(() => createStripeModel(env.id), [env.id])} />;
export const Prompts = ({ env, role }: SectionProps) => <PromptSettingsSection role={role} model={useMemo(() => createPromptSettingsModel(env.id), [env.id])} />;
export const Promote = ({ env, envs }: SectionProps) => <PromoteSection env={env} envs={envs} model={useMemo(() => createPromoteModel(env.id), [env.id])} />;
