import { roleCan, type Permission } from '../../../shared/schemas/admin';
import { role } from './session';

/**
 * Whether the signed-in person may do something; read inside a render, which re-runs when the role
 * changes. The console hides what the role cannot do (the server checks again). Only areas import this module: `roleCan` lives in a module that builds
 * zod schemas, and importing it from the frame would put zod into the initial bundle.
 */
export const allowed = (permission: Permission): boolean => role.value !== null && roleCan(role.value, permission);
