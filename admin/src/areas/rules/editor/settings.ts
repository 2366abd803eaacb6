import type { Settings } from '../../../../../shared/schemas/settings';
import { api, envPath } from '../../../api';
import { resource } from '../../../model/resource';

/** The environment's draft settings, for the live preview's theme and the widget's strings. */
export const draftSettings = resource<{ settings: Settings }>();

export const loadDraftSettings = (envId: string): Promise<void> => draftSettings.load(() => api<{ settings: Settings }>('GET', envPath(envId, 'settings')), envId);
