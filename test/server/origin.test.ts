import { describe, expect, it } from 'vitest';
import { originAllowed } from '../../server/http/origin';

const SELF = 'https://upshift.example.com';

describe('originAllowed: a "*" stands for exactly one DNS label or one port', () => {
  it.each<[entry: string, origin: string, allowed: boolean]>([
    // One label.
    ['https://*.acme.com', 'https://app.acme.com', true],
    ['https://*.acme.com', 'https://APP.acme.com', true],
    ['https://*.acme.com', 'https://eu-1.acme.com', true],
    ['https://*.acme.com', 'https://a.b.acme.com', false],
    ['https://*.acme.com', 'https://acme.com', false],
    ['https://*.acme.com', 'https://.acme.com', false],
    ['https://*.acme.com', 'https://-app.acme.com', false],
    ['https://*.acme.com', 'https://evilacme.com', false],
    ['https://*.acme.com', 'https://app.acme.com.evil.example', false],
    ['https://*.acme.com', 'http://app.acme.com', false],
    ['https://*.acme.com', 'https://app.acme.com:8443', false],
    ['https://*.acme.com', 'https://app_x.acme.com', false],
    ['https://*.*.acme.com', 'https://a.b.acme.com', true],
    ['https://*.*.acme.com', 'https://app.acme.com', false],
    // One port.
    ['http://localhost:*', 'http://localhost:3000', true],
    ['http://localhost:*', 'http://localhost:1', true],
    ['http://localhost:*', 'http://localhost', false],
    ['http://localhost:*', 'http://localhost:', false],
    ['http://localhost:*', 'http://localhost:80.evil.example', false],
    ['http://localhost:*', 'http://localhost:3000.evil.example:3000', false],
    ['http://localhost:*', 'http://localhost.evil.example:3000', false],
    ['http://localhost:*', 'http://localhost:123456', false],
    ['http://localhost:*', 'https://localhost:3000', false],
    ['http://127.0.0.1:*', 'http://127.0.0.1:5173', true],
    ['http://127.0.0.1:*', 'http://127.0.0.1.evil.example:5173', false],
    ['http://[::1]:*', 'http://[::1]:5173', true],
    ['http://[::1]:*', 'http://[::2]:5173', false],
    // Both.
    ['https://*.acme.com:*', 'https://app.acme.com:8443', true],
    ['https://*.acme.com:*', 'https://app.acme.com', false],
    // A "*" that is not a whole label or the whole port matches only itself, which no browser sends.
    ['https://app-*.acme.com', 'https://app-eu.acme.com', false],
    ['https://app-*.acme.com', 'https://app-*.acme.com', true],
    ['*://acme.com', 'https://acme.com', false],
    ['https://acme.com/*', 'https://acme.com', false],
    // Exact entries and the entry "*".
    ['https://acme.com', 'https://acme.com', true],
    ['https://acme.com', 'https://acme.com:443', false],
    ['*', 'https://anything.example', true],
    ['*', 'null', true],
  ])('%s admits %s: %s', (entry, origin, allowed) => {
    expect(originAllowed(origin, [entry], SELF)).toBe(allowed);
  });

  it('always admits the server’s own origin, and nothing for an empty list', () => {
    expect(originAllowed(SELF, [], SELF)).toBe(true);
    expect(originAllowed('https://app.acme.com', [], SELF)).toBe(false);
  });
});
