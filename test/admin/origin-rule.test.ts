import { describe, expect, it } from 'vitest';
import { normaliseOrigin, originProblem } from '../../admin/src/areas/common/origin-rule';
import { AllowedOrigin } from '../../shared/schemas/admin';

// The console's plain check must agree with the server's schema on every case, or a person would
// see "fine" for an origin the server then refuses (or the other way round).
const cases: [string, boolean][] = [
  ['https://app.acme.com', true],
  ['https://*.acme.com', true],
  ['http://localhost:*', true],
  ['http://localhost:3000', true],
  ['  https://APP.acme.com  ', true],
  ['http://[::1]:8080', true],
  ['*', true],
  ['**', false],
  ['https://*', false],
  ['https://a-b.c-d.io', true],
  ['', false],
  ['   ', false],
  ['app.acme.com', false],
  ['ftp://acme.com', false],
  ['https://acme.com/', false],
  ['https://acme.com/path', false],
  ['https://*.*.acme.com', false],
  ['https://-acme.com', false],
  ['https://acme-.com', false],
  ['https://acme.com:123456', false],
  ['https://ac me.com', false],
  [`https://${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.com`, false],
];

describe('originProblem', () => {
  it.each(cases)('%j is allowed: %s, as AllowedOrigin says', (value, ok) => {
    expect(originProblem(value) === null).toBe(ok);
    expect(AllowedOrigin.safeParse(value).success).toBe(ok);
  });

  it('says what is wrong in words a person can act on', () => {
    expect(originProblem('https://acme.com/app')).toMatch(/no path/);
    expect(originProblem('acme.com')).toMatch(/must start with https:\/\//);
    expect(originProblem('')).toMatch(/Enter an origin/);
  });

  it('normalises as the server stores origins', () => {
    expect(normaliseOrigin('  HTTPS://App.Acme.com ')).toBe('https://app.acme.com');
  });
});
