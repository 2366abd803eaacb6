import type { Permission, Role } from '../../../../shared/schemas/admin';

// `roleCan` in shared/schemas/admin.ts, repeated without that module's zod import so the console
// bundle stays free of zod; test/admin/access.test.ts checks every role and permission against it.
const ORDER: readonly Role[] = ['viewer', 'editor', 'publisher', 'owner'];
const NEEDS: Record<Permission, Role> = { read: 'viewer', edit: 'editor', publish: 'publisher', manage: 'owner' };

/** Whether `role` may do `permission`. Only for hiding controls: the server checks every request itself. */
export const can = (role: Role, permission: Permission): boolean => ORDER.indexOf(role) >= ORDER.indexOf(NEEDS[permission]);
