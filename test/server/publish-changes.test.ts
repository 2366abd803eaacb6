import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/seed';
import { writeDrafts } from '../../server/services/publishing';
import { DraftChangesView, VersionView } from '../../shared/schemas/publishing';
import type { Rule } from '../../shared/schemas/rule';
import { addPerson, type AdminClient, signedIn } from '../helpers/admin-client';
import { expectApiError } from '../helpers/http';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { secretCall } from './webhook-helpers';

// Publishing from the console and as code: who published each version and why, the diff of the
// drafts against live field by field, and what a rollback would change.

let t: TestApp;
let ada: AdminClient;
const env = () => `/v1/admin/environments/${t.environment.id}`;
const ladder = demoContent.rules.find((r) => r.id === 'api-usage-ladder')!;

beforeAll(async () => {
  t = await createTestApp();
  await writeDrafts(t.store, t.environment.id, demoContent);
  await addPerson(t.store, 'ada@acme.com', 'publisher');
  ada = await signedIn(t.app, 'ada@acme.com');
}, 30_000);
afterAll(async () => {
  await t.cleanup();
});

const versions = async () => (await ada.ok<{ versions: unknown[] }>('GET', `${env()}/versions`)).versions.map((v) => VersionView.parse(v));
const changes = async () => DraftChangesView.parse(await ada.ok('GET', `${env()}/changes`));
/** The ladder with its 85 % tier moved to 90 %. */
const movedTier = (): Rule => ({ ...ladder, trigger: { ...ladder.trigger, tiers: (ladder.trigger as { tiers: { at: object }[] }).tiers.map((tier, i) => (i === 1 ? { ...tier, at: { percent: 90 } } : tier)) } } as Rule);

describe('the drafts against live', () => {
  it('is empty when the drafts are what is live', async () => {
    const view = await changes();
    expect(view).toMatchObject({ live: 1, total: 0, rules: { added: [], removed: [], changed: [] }, catalog: [], settings: [], unpublished: [] });
  });

  it('names each changed field by its dotted path with before and after, and added, removed and unpublished rules apart', async () => {
    await ada.ok('PUT', `${env()}/rules/api-usage-ladder`, movedTier());
    const extra = { ...ladder, id: 'second-ladder', name: 'Second ladder' };
    await ada.ok('PUT', `${env()}/rules/second-ladder`, extra, 201);
    await ada.ok('PUT', `${env()}/rules/idea`, { ...ladder, id: 'idea', name: 'Just an idea', status: 'draft' }, 201);
    await ada.ok('PUT', `${env()}/settings`, { budget: { day: 4 } });
    const plans = demoContent.catalog.plans.map((p) => (p.id === 'pro' ? { ...p, name: 'Pro plus' } : p));
    await ada.ok('PUT', `${env()}/catalog`, { ...demoContent.catalog, plans });

    const view = await changes();
    expect(view.rules.changed).toEqual([{ id: 'api-usage-ladder', name: ladder.name, changes: [{ path: 'trigger.tiers.1.at.percent', before: 85, after: 90 }] }]);
    expect(view.rules.added).toEqual([{ id: 'second-ladder', name: 'Second ladder' }]);
    expect(view.rules.removed).toEqual([]);
    // A draft-status rule is never published: it is no change to what widgets are served.
    expect(view.unpublished).toEqual([{ id: 'idea', name: 'Just an idea', status: 'draft' }]);
    expect(view.settings).toEqual([{ path: 'budget', after: { day: 4 } }]);
    expect(view.catalog).toEqual([{ path: 'plans.pro.name', before: demoContent.catalog.plans.find((p) => p.id === 'pro')!.name, after: 'Pro plus' }]);
    expect(view.total).toBe(4);
    // The same handler over a secret key.
    expect(DraftChangesView.parse(await (await secretCall(t, 'GET', '/v1/changes')).json())).toEqual(view);
  });

  it('lists a rule deleted from the drafts as removed', async () => {
    await ada.ok('DELETE', `${env()}/rules/second-ladder`, undefined, 204);
    await ada.ok('DELETE', `${env()}/rules/api-usage-ladder`, undefined, 204);
    expect((await changes()).rules.removed).toEqual([{ id: 'api-usage-ladder', name: ladder.name }]);
    await ada.ok('PUT', `${env()}/rules/api-usage-ladder`, movedTier(), 201);
  });
});

describe('publishing with a note', () => {
  it('refuses a console publish without a note, or with a blank one, at the field', async () => {
    for (const body of [undefined, {}, { note: '   ' }]) {
      const error = await expectApiError(await ada.request('POST', `${env()}/publish`, body), 400, 'invalid_request');
      expect((error.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['note']);
    }
    expect(await versions()).toHaveLength(1);
  });

  it('records who published and the note, and the diff is then empty', async () => {
    const published = VersionView.parse(await ada.ok('POST', `${env()}/publish`, { note: '  Tier two at 90 %  ' }, 201));
    expect(published).toMatchObject({ version: 2, publishedBy: 'ada@acme.com', note: 'Tier two at 90 %' });
    expect((await versions())[0]).toEqual(published);
    expect((await changes()).total).toBe(0);
  });

  it('lets a secret key publish without a note, under its name', async () => {
    await ada.ok('PUT', `${env()}/settings`, { budget: { day: 5 } });
    const res = await secretCall(t, 'POST', '/v1/publish');
    expect(res.status).toBe(201);
    const listed = (await versions())[0]!;
    expect(listed.version).toBe(3);
    expect(listed.note).toBeNull();
    expect(listed.publishedBy).toMatch(/^secret key "Default" \(sk_/);
  });

  it('shows what rolling back to a version would change, then rolls back with "Rollback to version N" and the note', async () => {
    const preview = DraftChangesView.omit({ unpublished: true }).parse(await ada.ok('GET', `${env()}/versions/1/changes`));
    expect(preview.live).toBe(3);
    expect(preview.rules.changed).toEqual([{ id: 'api-usage-ladder', name: ladder.name, changes: [{ path: 'trigger.tiers.1.at.percent', before: 90, after: 85 }] }]);
    expect(preview.settings).toEqual([{ path: 'budget', before: { day: 5 } }]);

    const rolled = VersionView.parse(await ada.ok('POST', `${env()}/versions/1/rollback`, { note: 'tier two converted worse' }, 201));
    expect(rolled).toMatchObject({ version: 4, rolledBackTo: 1, publishedBy: 'ada@acme.com', note: 'Rollback to version 1 — tier two converted worse' });
    const plain = VersionView.parse(await ada.ok('POST', `${env()}/versions/2/rollback`, undefined, 201));
    expect(plain.note).toBe('Rollback to version 2');
    expect((await versions()).map((v) => [v.version, v.rolledBackTo ?? null])).toEqual([[5, 2], [4, 1], [3, null], [2, null], [1, null]]);
  });

  it('answers 404 for a version that does not exist and 400 for one that is not a number', async () => {
    await expectApiError(await ada.request('GET', `${env()}/versions/99/changes`), 404, 'not_found');
    await expectApiError(await ada.request('GET', `${env()}/versions/x/changes`), 400, 'invalid_request');
    await expectApiError(await ada.request('POST', `${env()}/versions/1/rollback`, { note: 5 }), 400, 'invalid_request');
  });

  it('puts the note and the publisher in the audit log', async () => {
    const page = await ada.ok<{ entries: { action: string; actor: { label: string }; changes: { path: string; after?: unknown }[] }[] }>('GET', `/v1/admin/audit?kind=version`);
    const published = page.entries.find((e) => e.action === 'version.published' && e.actor.label === 'ada@acme.com')!;
    expect(published.changes[0]).toEqual({ path: 'note', after: 'Tier two at 90 %' });
    expect(page.entries.find((e) => e.action === 'version.rolled_back')!.changes[0]).toEqual({ path: 'note', after: 'Rollback to version 2' });
  });
});
