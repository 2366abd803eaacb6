import { describe, expect, it } from 'vitest';
import { can } from '../../admin/src/areas/common/access';
import { PERMISSIONS, ROLES, roleCan, type Permission } from '../../shared/schemas/admin';

describe('can', () => {
  const cases = ROLES.flatMap((role) => (Object.keys(PERMISSIONS) as Permission[]).map((permission) => [role, permission] as const));
  it.each(cases)('%s may %s exactly when roleCan says so', (role, permission) => {
    expect(can(role, permission)).toBe(roleCan(role, permission));
  });
});
