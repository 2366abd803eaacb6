import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoSurfaceRules } from '../../server/demo/demo-rules';
import { demoContent } from '../../server/demo/seed';
import { exampleRules } from '../../shared/examples';
import type { Rule } from '../../shared/schemas/rule';
import { adminServer, seedDrafts, type AdminServer } from '../helpers/admin-fetch';
import { findPage, openConsole } from '../helpers/admin-console';

// Form → JSON → Form is exact: a rule opened in the editor and saved without edits is stored as
// the very same JSON, key order included, whatever parts of the schema it uses.

let server: AdminServer;
beforeEach(async () => {
  server = await adminServer();
  await seedDrafts(server);
});
afterEach(() => server.cleanup());

const copy = (title: string) => ({ title, body: `${title}, in a sentence.`, cta: 'Go' });

/** Every optional part of a rule, in one hand-made rule per trigger shape. */
const everything: Rule = {
  id: 'everything',
  name: 'Every field',
  status: 'paused',
  priority: 42,
  schedule: { start: '2026-03-01T08:30:00Z', end: '2027-03-01' },
  audience: { all: [{ attr: 'account.traits.employees', op: 'gte', value: 50 }, { not: { attr: 'account.plan', op: 'eq', value: 'business' } }] },
  trigger: {
    type: 'usage',
    metric: 'api_calls',
    hysteresis: 3,
    tiers: [
      { id: 'p70', at: { percent: 70 }, tone: 'inform', content: { ...copy('Seventy'), locales: { de: copy('Siebzig') } } },
      { id: 'p100', at: { percent: 100 }, tone: 'urgent', content: copy('Full') },
    ],
  },
  guards: { accountAgeDays: 30, minHealth: 55, openTickets: false, contraction: true, owned: false, reasons: { accountAgeDays: 'Trials decide in a month', openTickets: 'Tickets are billing questions', minHealth: 'Stricter here', contraction: 'Explicitly on', owned: 'Seat packs stack' } },
  frequency: { cap: { count: 2, per: 'week' }, cooldownDays: 14, snoozeDays: 0.5 },
  offer: { type: 'seats', addon: 'seat_pack' },
  surface: 'banner',
  position: 'top',
  variants: [
    { id: 'a', weight: 3, tiers: { p70: copy('A seventy') } },
    { id: 'b', weight: 1, content: copy('B') },
  ],
  holdout: 10,
  seed: 'spring',
};
const milestone: Rule = {
  id: 'milestone-inline',
  name: 'Tenth seat',
  status: 'draft',
  priority: 0,
  trigger: { type: 'milestone', attr: 'usage.seats', at: 10 },
  offer: { type: 'contact_sales' },
  surface: 'inline',
  slot: 'sidebar',
  content: copy('Ten seats'),
  tone: 'inform',
};
const forecast: Rule = {
  id: 'forecast-toast',
  name: 'Forecast',
  status: 'live',
  priority: 5,
  trigger: { type: 'forecast', metric: 'seats', withinDays: 21 },
  offer: { type: 'addon', addon: 'seat_pack' },
  surface: 'toast',
  content: copy('Soon full'),
  frequency: { snoozeDays: 2 },
};
const feature: Rule = { ...milestone, id: 'feature-minutes', trigger: { type: 'feature', feature: 'anomaly_alerts', withinMinutes: 5 }, surface: 'panel', slot: undefined, offer: { type: 'trial', feature: 'anomaly_alerts', days: 7 } } as Rule;
delete (feature as Partial<Rule>).slot;

const cases: [string, Rule][] = [...demoContent.rules, ...demoSurfaceRules, ...exampleRules, everything, milestone, forecast, feature].map((r) => [r.id, r]);

const stored = async (id: string) => server.store.getDraftRule(server.environment.id, id);

describe('the rule editor round-trips a rule it does not change', () => {
  it.each(cases)('%s: the JSON tab shows it as stored, and saving it unchanged stores the same JSON', async (id, rule) => {
    const res = await server.app.request(`http://localhost/v1/rules/${id}`, { method: 'PUT', headers: { Authorization: `Bearer ${server.secretKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(rule) });
    expect(res.status).toBeLessThan(300);
    const before = await stored(id);
    await server.addPerson('editor@acme.test', 'editor');
    await server.signIn('editor@acme.test');
    await openConsole(`/admin/env/${server.environment.id}/rules`);
    await findPage('Rules');
    fireEvent.click(await screen.findByRole('button', { name: `Edit rule ${id}` }));
    // Through the form and back: both tabs have been rendered from the same value.
    fireEvent.click(screen.getByRole('tab', { name: 'JSON' }));
    expect((screen.getByLabelText('Rule JSON') as HTMLTextAreaElement).value).toBe(JSON.stringify(before, null, 2));
    fireEvent.click(screen.getByRole('tab', { name: 'Form' }));
    // Fields changed and changed back leave no trace: no key set to undefined, none moved to the end.
    for (const label of ['Name', 'Priority', 'Cooldown after a dismissal (days)', 'Holdout (%)', 'Minimum health score']) {
      const input = screen.getByLabelText(label) as HTMLInputElement;
      const original = input.value;
      fireEvent.input(input, { target: { value: '9' } });
      fireEvent.input(input, { target: { value: original } });
    }
    fireEvent.click(screen.getByRole('tab', { name: 'JSON' }));
    expect((screen.getByLabelText('Rule JSON') as HTMLTextAreaElement).value).toBe(JSON.stringify(before, null, 2));
    fireEvent.click(screen.getByRole('tab', { name: 'Form' }));
    const puts = server.requests.length;
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    await waitFor(() => expect(server.requests.slice(puts)).toContain(`PUT /v1/admin/environments/${server.environment.id}/rules/${id}`));
    await screen.findByText(`Rule "${id}" saved as a draft.`);
    const after = await stored(id);
    expect(after).toEqual(before);
    expect(JSON.stringify(after)).toBe(JSON.stringify(before));
  });
});
