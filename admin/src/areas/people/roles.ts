import { ROLES, type Role } from '../../../../shared/schemas/admin';
import type { Option } from '../../ui';

const WHAT: Record<Role, string> = {
  viewer: 'reads everything',
  editor: 'edits drafts',
  publisher: 'publishes and rolls back',
  owner: 'manages people, keys and environments',
};

/** The roles in the server's order, least to most, each saying what it adds. */
export const ROLE_OPTIONS: readonly Option[] = ROLES.map((r) => ({ value: r, label: `${r[0]!.toUpperCase()}${r.slice(1)}: ${WHAT[r]}` }));
