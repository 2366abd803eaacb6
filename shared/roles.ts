/**
 * The console's roles and what each may do, with no zod: the console bundle imports this to hide
 * what a role cannot do (zod would weigh it down, and its `eval` probe trips the page's CSP).
 */

/** What each role may do; each includes everything before it. */
export const ROLES = ['viewer', 'editor', 'publisher', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/** The rights the server checks; each role is granted those up to its own (see `roleCan`). */
export const PERMISSIONS = { read: 'viewer', edit: 'editor', publish: 'publisher', manage: 'owner' } as const satisfies Record<string, Role>;
export type Permission = keyof typeof PERMISSIONS;

/** Whether `role` holds `permission`: viewer reads, editor edits drafts, publisher publishes, owner manages. */
export const roleCan = (role: Role, permission: Permission): boolean => ROLES.indexOf(role) >= ROLES.indexOf(PERMISSIONS[permission]);
