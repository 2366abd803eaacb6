import { roleCan, type Permission } from '../../../shared/roles';
import { role } from './session';

/**
 * Whether the signed-in person may do something; read inside a render, which re-runs when the role
 * changes. The console hides what the role cannot do (the server checks again). `roleCan` comes from
 * the zod-free `shared/roles.ts`, so no chunk that imports this carries zod.
 */
export const allowed = (permission: Permission): boolean => role.value !== null && roleCan(role.value, permission);
