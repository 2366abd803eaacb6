import Database from 'better-sqlite3';
import fc from 'fast-check';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeDrafts } from '../../server/services/publishing';
import { demoContent, publish } from '../../server/demo/seed';
import { migrations } from '../../server/store/migrations/index';
import { migrate, openSqliteStore } from '../../server/store/sqlite';
import { Config } from '../../shared/schemas/config';
import { DEFAULT_BUYER_ROLES, Settings } from '../../shared/schemas/settings';
import { expectApiError } from '../helpers/http';
import { createTestApp, tempDir, type TestApp } from '../helpers/test-app';

const NOW = Date.UTC(2026, 10, 22, 12);
let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ clock: () => NOW });
  await writeDrafts(t.store, t.environment.id, demoContent);
});
afterEach(async () => {
  await t.cleanup();
});

const call = (method: string, path: string, body?: unknown, key: string = t.secretKey) =>
  t.app.request(path, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
const settingsNow = async () => {
  const res = await call('GET', '/v1/settings');
  expect(res.status).toBe(200);
  return ((await res.json()) as { settings: unknown }).settings;
};
const liveConfig = async () => Config.parse(await (await t.app.request(`/v1/config?key=${t.key}`)).json());
const decide = async (apiCalls: number) =>
  (await (
    await call('POST', '/v1/decide', { context: { user: { id: 'u1' }, account: { id: 'a1', plan: 'starter' }, usage: { api_calls: apiCalls } } })
  ).json()) as { prompt: unknown; reasons: { code: string; message: string }[] };

describe('GET|PUT /v1/settings', () => {
  it('answers empty settings before any are saved: every default applies', async () => {
    expect(await settingsNow()).toEqual({});
  });

  it('saves the draft and reads it back', async () => {
    const settings = { budget: { day: 2, week: 5 }, holdout: 10 };
    const res = await call('PUT', '/v1/settings', settings);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ settings });
    expect(await settingsNow()).toEqual(settings);
    // A PUT replaces the draft as a whole.
    expect((await call('PUT', '/v1/settings', { holdout: 5 })).status).toBe(200);
    expect(await settingsNow()).toEqual({ holdout: 5 });
  });

  it.each([
    ['a negative daily budget', 'budget.day', { budget: { day: -1 } }],
    ['a fractional weekly budget', 'budget.week', { budget: { week: 2.5 } }],
    ['an unknown budget window', 'budget', { budget: { month: 10 } }],
    ['a holdout above 100', 'holdout', { holdout: 101 }],
    ['a holdout that is not a number', 'holdout', { holdout: '10' }],
    ['an unknown setting', '', { budgett: { day: 1 } }],
    ['a list', '', []],
  ])('refuses %s: 400 at "%s", the draft kept', async (_name, path, body) => {
    await call('PUT', '/v1/settings', { holdout: 7 });
    const error = await expectApiError(await call('PUT', '/v1/settings', body), 400, 'invalid_request');
    expect((error.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain(path);
    expect(await settingsNow()).toEqual({ holdout: 7 });
  });

  it('refuses a body that is not JSON, and methods other than GET and PUT', async () => {
    await expectApiError(await call('PUT', '/v1/settings', '{holdout'), 400, 'invalid_json');
    await expectApiError(await call('DELETE', '/v1/settings'), 405, 'method_not_allowed');
    await expectApiError(await call('POST', '/v1/settings', {}), 405, 'method_not_allowed');
  });

  it('takes only a secret key, and keeps each environment’s settings apart', async () => {
    await expectApiError(await t.app.request('/v1/settings'), 401, 'missing_key');
    await expectApiError(await call('GET', '/v1/settings', undefined, t.key), 401, 'wrong_key_type');
    await call('PUT', '/v1/settings', { holdout: 50 });
    const other = await t.store.createEnvironment({ name: 'Other', allowedOrigins: [] });
    expect(await (await call('GET', '/v1/settings', undefined, other.secretKey)).json()).toEqual({ settings: {} });
  });
});

describe('settings.theme and settings.buyerRoles', () => {
  const fullTheme = {
    accent: '#0a7f5a',
    background: '#ffffff',
    text: 'rgb(17, 24, 39)',
    darkAccent: 'hsl(160 60% 55%)',
    darkBackground: '#111827f0',
    darkText: 'hsla(0, 0%, 98%, 0.95)',
    radius: '12px',
    font: 'Inter, "Helvetica Neue", -apple-system, sans-serif',
    zIndex: 2147483647,
  };

  it.each([
    ['every key', fullTheme],
    ['no keys: the widget’s own look', {}],
    ['#rgb and #rgba', { accent: '#0a7', background: '#fffc' }],
    ['rgba() with a slash', { text: 'rgba(0 0 0 / 87%)' }],
    ['a radius of 0 and of 48, in px and rem', { radius: '0px' }],
    ['a radius in rem', { radius: '0.75rem' }],
    ['the largest radius', { radius: '48px' }],
    ['a single quoted font', { font: "'Segoe UI'" }],
    ['a font outside ASCII', { font: 'Noto Sans JP, 游ゴシック, sans-serif' }],
    ['z-index 0', { zIndex: 0 }],
  ])('accepts a theme with %s', async (_name, theme) => {
    const res = await call('PUT', '/v1/settings', { theme });
    expect(res.status).toBe(200);
    expect(await settingsNow()).toEqual({ theme });
  });

  // Each value is one attempt to end the declaration, open a rule, load a URL, run an IE
  // expression, escape a character past the check, or reach outside the custom property.
  it.each([
    ['theme.accent', { accent: 'red;}body{display:none' }],
    ['theme.accent', { accent: 'url(https://evil.test/track.png)' }],
    ['theme.accent', { accent: 'red' }],
    ['theme.background', { background: 'expression(alert(1))' }],
    ['theme.background', { background: '#fff url(https://evil.test/x.png)' }],
    ['theme.background', { background: 'rgb(0 0 0) url(x)' }],
    ['theme.text', { text: '#fff\\3b color:red' }],
    ['theme.text', { text: 'var(--host-secret)' }],
    ['theme.darkAccent', { darkAccent: 'rgb(0,0,0);background:url(x)' }],
    ['theme.darkAccent', { darkAccent: 'rgb(url(x))' }],
    ['theme.darkBackground', { darkBackground: '#111}' }],
    ['theme.darkBackground', { darkBackground: '#11182' }],
    ['theme.darkText', { darkText: 'hsl(0 0% 100%)\n}*{color:red' }],
    ['theme.darkText', { darkText: 'calc(1px)' }],
    ['theme.radius', { radius: '12px;z-index:0' }],
    ['theme.radius', { radius: '49px' }],
    ['theme.radius', { radius: '12em' }],
    ['theme.radius', { radius: '-4px' }],
    ['theme.radius', { radius: 12 }],
    ['theme.font', { font: 'Inter;}*{color:red' }],
    ['theme.font', { font: 'Inter", url(https://evil.test/f.woff)' }],
    ['theme.font', { font: 'expression(alert(1))' }],
    ['theme.font', { font: 'Inter\\' }],
    ['theme.font', { font: '"Unclosed, sans-serif' }],
    ['theme.font', { font: 'a'.repeat(201) }],
    ['theme.font', { font: '' }],
    ['theme.zIndex', { zIndex: 2147483648 }],
    ['theme.zIndex', { zIndex: 1.5 }],
    ['theme.zIndex', { zIndex: -1 }],
    ['theme.zIndex', { zIndex: '9999' }],
    ['theme', { primary: '#fff' }],
  ])('refuses %s in %j: 400 at that path, the draft kept', async (path, theme) => {
    await call('PUT', '/v1/settings', { theme: { accent: '#0a7' } });
    const error = await expectApiError(await call('PUT', '/v1/settings', { theme }), 400, 'invalid_request');
    expect((error.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([path]);
    expect(await settingsNow()).toEqual({ theme: { accent: '#0a7' } });
  });

  it('accepts no value, whatever the characters, that could leave its custom property', () => {
    // Strings built from colour, length and font characters and CSS punctuation: anything accepted
    // is free of everything that could end a declaration, open a block, escape, or load a URL.
    const alphabet = fc.constantFrom(...'#0a9fF.%, /-"\'rgbhslpxem(){};:\\\n<>@!*url'.split(''), 'url(', 'expression(', 'rgb(', 'hsl(', 'px', 'rem');
    const risky = /[;{}\\<>@!*:\n]|url\(|expression/;
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 24 }).map((parts) => parts.join('')), (value) => {
        for (const key of ['accent', 'darkText', 'radius', 'font'] as const) {
          if (Settings.safeParse({ theme: { [key]: value } }).success) expect(value).not.toMatch(risky);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('checks a long font list in linear time', () => {
    const started = performance.now();
    for (const font of ['a  ,'.repeat(50), `${'a '.repeat(99)};`, `"${'a'.repeat(190)}`]) expect(Settings.safeParse({ theme: { font } }).success).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it.each([
    ['an empty list', 'buyerRoles', { buyerRoles: [] }],
    ['21 roles', 'buyerRoles', { buyerRoles: Array.from({ length: 21 }, (_, i) => `role${i}`) }],
    ['an empty role', 'buyerRoles.1', { buyerRoles: ['admin', ''] }],
    ['a role of 65 characters', 'buyerRoles.0', { buyerRoles: ['r'.repeat(65)] }],
    ['a single string', 'buyerRoles', { buyerRoles: 'admin' }],
  ])('refuses buyerRoles as %s: 400 at "%s"', async (_name, path, body) => {
    const error = await expectApiError(await call('PUT', '/v1/settings', body), 400, 'invalid_request');
    expect((error.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([path]);
  });

  it('defaults the buyer roles to owner, admin and billing', () => {
    expect(DEFAULT_BUYER_ROLES).toEqual(['owner', 'admin', 'billing']);
    expect(Settings.parse({ buyerRoles: [...DEFAULT_BUYER_ROLES, 'finance'] }).buyerRoles).toHaveLength(4);
  });

  it('publishes the theme and buyer roles, so GET /v1/config serves them to widgets', async () => {
    const settings = { theme: fullTheme, buyerRoles: ['owner', 'finance'] };
    expect((await call('PUT', '/v1/settings', settings)).status).toBe(200);
    expect((await liveConfig()).settings).toBeUndefined();
    expect((await call('POST', '/v1/publish')).status).toBe(201);
    const served = (await (await t.app.request(`/v1/config?key=${t.key}`)).json()) as { version: number; settings: unknown };
    expect(served.version).toBe(2);
    expect(served.settings).toEqual(settings);
  });

  it('refuses to publish a stored draft theme that an injection slipped into, with the path', async () => {
    const db = new Database(t.file);
    db.prepare('INSERT INTO draft_settings (environment_id, body, updated_at) VALUES (?, ?, ?)').run(t.environment.id, JSON.stringify({ theme: { accent: 'red;}' } }), NOW);
    db.close();
    const error = await expectApiError(await call('POST', '/v1/publish'), 422, 'invalid_config');
    expect((error.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['settings.theme.accent']);
  });
});

describe('publishing settings', () => {
  it('publishes the draft settings with the config, and widgets and /v1/decide obey them', async () => {
    expect((await decide(9000)).prompt).not.toBeNull();
    await call('PUT', '/v1/settings', { budget: { day: 2, week: 4 }, holdout: 100 });
    // Drafts only: nothing changes until a publish.
    expect((await liveConfig()).settings).toBeUndefined();
    expect((await decide(9000)).prompt).not.toBeNull();

    expect((await call('POST', '/v1/publish')).status).toBe(201);
    const live = await liveConfig();
    expect(live.version).toBe(2);
    expect(live.settings).toEqual({ budget: { day: 2, week: 4 }, holdout: 100 });
    const held = await decide(9000);
    expect(held.prompt).toBeNull();
    expect(held.reasons[0]).toMatchObject({ code: 'experiment.global_holdout', message: 'the account is in the global 100% holdout, which sees no prompts' });
  });

  it('publishes no settings when none were ever saved', async () => {
    expect((await call('POST', '/v1/publish')).status).toBe(201);
    const body = (await (await t.app.request(`/v1/config?key=${t.key}`)).json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty('settings');
  });

  it('a rollback brings back the settings of the version it republishes', async () => {
    await call('PUT', '/v1/settings', { holdout: 100 });
    await call('POST', '/v1/publish');
    await call('PUT', '/v1/settings', {});
    await call('POST', '/v1/publish');
    expect((await liveConfig()).settings).toEqual({});
    expect((await call('POST', '/v1/versions/2/rollback')).status).toBe(201);
    const live = await liveConfig();
    expect([live.version, live.settings]).toEqual([4, { holdout: 100 }]);
    // The draft is left as it was.
    expect(await settingsNow()).toEqual({});
  });

  it('refuses to publish draft settings an older release stored that no longer validate, with the path', async () => {
    const db = new Database(t.file);
    db.prepare('INSERT INTO draft_settings (environment_id, body, updated_at) VALUES (?, ?, ?)').run(t.environment.id, JSON.stringify({ holdout: 'all' }), NOW);
    db.close();
    const error = await expectApiError(await call('POST', '/v1/publish'), 422, 'invalid_config');
    expect((error.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['settings.holdout']);
    expect((await liveConfig()).version).toBe(1);
  });
});

describe('migration to draft settings', () => {
  it('gives an environment whose live config carries settings a draft equal to them, so the next publish keeps them', async () => {
    const tmp = tempDir('upshift-migrate-');
    const file = join(tmp.dir, 'legacy.db');
    const legacy = new Database(file);
    migrate(legacy, migrations.slice(0, 3));
    const insertEnv = legacy.prepare("INSERT INTO environments (id, name, publishable_key, secret_key_hash, allowed_origins, created_at) VALUES (?, ?, ?, ?, '[]', '2026-01-01')");
    insertEnv.run('env_set', 'With settings', 'pk_withsettings', 'hash1');
    insertEnv.run('env_none', 'Without', 'pk_withoutsettings', 'hash2');
    const insertConfig = legacy.prepare("INSERT INTO config_versions (environment_id, version, etag, body, published_at) VALUES (?, ?, '\"e\"', ?, '2026-01-01')");
    const body = (version: number, settings?: unknown) => JSON.stringify({ schemaVersion: 2, version, publishedAt: '2026-01-01T00:00:00Z', ...demoContent, ...(settings !== undefined && { settings }) });
    insertConfig.run('env_set', 1, body(1, { holdout: 1 }));
    insertConfig.run('env_set', 2, body(2, { budget: { day: 3 } }));
    insertConfig.run('env_none', 1, body(1));
    legacy.close();
    const store = openSqliteStore(file);
    try {
      expect(await store.getDraftSettings('env_set')).toEqual({ budget: { day: 3 } });
      expect(await store.getDraftSettings('env_none')).toBeNull();
    } finally {
      await store.close();
      tmp.remove();
    }
  });
});

describe('seeding', () => {
  it('writes settings as drafts along with the catalog and rules', async () => {
    await writeDrafts(t.store, t.environment.id, { ...demoContent, settings: { budget: { week: 9 } } });
    expect(await settingsNow()).toEqual({ budget: { week: 9 } });
    const direct = await publish(t.store, t.environment.id, { ...demoContent, settings: { holdout: 3 } });
    expect(Config.parse(JSON.parse(direct.body)).settings).toEqual({ holdout: 3 });
  });
});
