import { describe, expect, it } from 'vitest';
import { verdict } from '../../server/services/condition-lint';
import { attributeType } from '../../shared/engine/attributes';

// `account.readiness` is a 0-100 number like its older name `readiness`: the rule lint knows a
// condition on it that can never hold, and the engine types it for the condition editor and PUT checks.
describe('account.readiness in conditions', () => {
  it.each(['account.readiness', 'readiness'])('%s is a number', (attr) => expect(attributeType(attr, null)).toBe('number'));

  it.each([
    ['account.readiness', 'gt', 100, 'never'],
    ['account.readiness', 'lt', 0, 'never'],
    ['account.readiness', 'gte', 75, 'depends'],
    ['readiness', 'gt', 100, 'never'],
    ['readiness', 'gte', 75, 'depends'],
  ] as const)('%s %s %i can hold: %s', (attr, op, value, expected) => {
    expect(verdict({ attr, op, value })).toBe(expected);
  });
});
