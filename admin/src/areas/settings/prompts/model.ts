import { computed, signal } from '@preact/signals';
import type { Settings } from '../../../../../shared/schemas/settings';
import { api, envPath } from '../../../api';
import { action, fetched } from '../../common/requests';
import { formProblems, fromForm, toForm, type FormField, type PromptForm } from './form';

/** Where the server's zod paths land in the form: `budget.day` → the daily budget field, `buyerRoles.2` → the roles field. */
export function fieldOf(path: string): FormField | null {
  if (path === 'budget.day') return 'budgetDay';
  if (path === 'budget.week') return 'budgetWeek';
  if (path === 'holdout') return 'holdout';
  if (path === 'attribution.windowDays') return 'windowDays';
  if (path === 'attribution.fallback') return 'fallback';
  if (path === 'buyerRoles' || path.startsWith('buyerRoles.')) return 'buyerRoles';
  const theme = /^theme\.(accent|background|text|darkAccent|darkBackground|darkText|radius|font|zIndex)$/.exec(path)?.[1];
  return theme ? (`theme.${theme}` as FormField) : null;
}

/** The draft prompt settings: budget, holdout, attribution, buyer roles and theme. */
export function createPromptSettingsModel(envId: string) {
  const form = signal<PromptForm>(toForm({}));
  const current = fetched(
    () => api<{ settings: Settings }>('GET', envPath(envId, 'settings')),
    ({ settings }) => {
      form.value = toForm(settings);
    },
  );
  const saved = computed(() => current.data.value?.settings ?? null);
  const dirty = computed(() => saved.value !== null && JSON.stringify(form.value) !== JSON.stringify(toForm(saved.value)));
  const problems = computed(() => formProblems(form.value));

  const save = action(async () => {
    const answer = await api<{ settings: Settings }>('PUT', envPath(envId, 'settings'), fromForm(form.value, saved.value ?? {}));
    current.data.value = answer;
    form.value = toForm(answer.settings);
  });
  /** The field's problem as typed, else the server's answer to the last save. */
  const errorFor = (field: FormField): string | undefined => {
    const local = problems.value[field];
    if (local) return local;
    const serverPath = Object.keys(save.fieldErrors.value).find((p) => fieldOf(p) === field);
    return serverPath === undefined ? undefined : save.fieldErrors.value[serverPath];
  };
  const set = <K extends keyof PromptForm>(key: K, value: PromptForm[K]) => {
    form.value = { ...form.value, [key]: value };
  };
  const setTheme = (key: keyof PromptForm['theme'], value: string) => {
    form.value = { ...form.value, theme: { ...form.value.theme, [key]: value } };
  };
  const reset = () => {
    if (saved.value) form.value = toForm(saved.value);
    save.clear();
  };

  return { current, form, dirty, problems, save, errorFor, set, setTheme, reset };
}
export type PromptSettingsModel = ReturnType<typeof createPromptSettingsModel>;
