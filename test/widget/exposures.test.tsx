import { waitFor } from '@testing-library/preact';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigContent } from '../../shared/schemas/config';
import type { Context } from '../../shared/schemas/context';
import { demoContent } from '../../server/demo/seed';
import { memoryStore, type KeyValue } from '../../widget/storage';
import type { Widget } from '../../widget/upshift';
import { startLiveServer, type LiveServer } from '../helpers/live-server';
import { mountWidget, unmountWidgets } from '../helpers/widget-mount';

const DAY = 86_400_000;
afterEach(() => unmountWidgets());

const context = (apiCalls: number): Context => ({
  user: { id: 'ann' },
  account: { id: 'acct_ann', plan: 'starter', createdAt: new Date(Date.now() - 200 * DAY).toISOString() },
  usage: { api_calls: apiCalls },
});

const withRule = (change: object, settings: object = {}): ConfigContent => ({
  ...demoContent,
  rules: demoContent.rules.map((r) => ({ ...r, ...change })),
  settings: { ...demoContent.settings, ...settings },
});

interface Row {
  type: string;
  name: string | null;
  rule_id: string | null;
  variant: string | null;
  tier: string | null;
  surface: string | null;
  config_version: number | null;
  props: string | null;
  occurred_at: number;
}
const stored = (server: LiveServer): Row[] => {
  const db = new Database(server.dbFile, { readonly: true });
  try {
    return db.prepare('SELECT type, name, rule_id, variant, tier, surface, config_version, props, occurred_at FROM events ORDER BY seq').all() as Row[];
  } finally {
    db.close();
  }
};
const exposures = (server: LiveServer) => stored(server).filter((r) => r.type === 'exposure');

/**
 * Waits until the decision is final (the server state has arrived), then sends a marker event
 * behind whatever the widget queued and waits for the marker: everything before it has been stored.
 */
async function settle(server: LiveServer, widget: Widget, marker: string): Promise<void> {
  await waitFor(async () => expect((await widget.debug()).waitingForServerState).toBe(false), { timeout: 5000 });
  widget.track(marker);
  widget.flush('now');
  await waitFor(() => expect(stored(server).map((r) => r.name)).toContain(marker), { timeout: 5000 });
}

describe('the widget sends exposures', () => {
  it.each([
    ['shown, in its variant', withRule({ variants: [{ id: 'b', weight: 1 }] }), 'b'],
    ['held out by the rule', withRule({ holdout: 100 }), 'holdout'],
    ['held out globally', withRule({}, { holdout: 100 }), 'holdout'],
  ])('%s: one per person, rule and UTC day, with its arm, tier, surface and trigger', async (_, content, variant) => {
    const server = await startLiveServer({ content });
    try {
      const storage: KeyValue = memoryStore();
      let now = Date.now() - DAY;
      const first = mountWidget({ key: server.environment.publishableKey, api: server.url, storage, now: () => now });
      first.widget.identify(context(9000));
      // The host names no locale: the browser's language is the person's (jsdom's is "en").
      // A new decision the same day (usage moved) exposes no one again.
      first.widget.identify(context(9100));
      await settle(server, first.widget, 'yesterday_done');
      const yesterday = exposures(server);
      expect(yesterday).toEqual([
        { type: 'exposure', name: null, rule_id: 'api-usage-ladder', variant, tier: 'p85', surface: 'banner', config_version: 1, props: '{"trigger":"usage","locale":"en"}', occurred_at: yesterday[0]!.occurred_at },
      ]);

      // The next UTC day, on the same page: a new exposure.
      now = Date.now();
      first.widget.identify(context(9200));
      await settle(server, first.widget, 'today_done');
      expect(exposures(server).map((r) => new Date(r.occurred_at).toISOString().slice(0, 10))).toEqual([
        new Date(Date.now() - DAY).toISOString().slice(0, 10),
        new Date(Date.now()).toISOString().slice(0, 10),
      ]);

      // A reload sends it again; the server keeps the one it has.
      const second = mountWidget({ key: server.environment.publishableKey, api: server.url, storage, now: () => now });
      second.widget.identify(context(9200));
      await settle(server, second.widget, 'reload_done');
      expect(exposures(server)).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('sends none for a rule that did not pass judging', async () => {
    const server = await startLiveServer();
    try {
      const { widget } = mountWidget({ key: server.environment.publishableKey, api: server.url, storage: memoryStore() });
      widget.identify(context(6900));
      await settle(server, widget, 'below_done');
      expect((await widget.debug()).rules.map((r) => r.code)).toEqual(['usage.below_threshold']);
      expect(exposures(server)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it.each([
    ['a host locale written with an underscore, as BCP 47', 'pt_BR', 'pt-BR'],
    ['a locale no schema takes, left out rather than failing every request', 'Portuguese (Brazil)', undefined],
  ])('%s', async (_, given, sent) => {
    const server = await startLiveServer();
    try {
      const { widget } = mountWidget({ key: server.environment.publishableKey, api: server.url, storage: memoryStore() });
      const ctx = context(9000);
      widget.identify({ ...ctx, user: { ...ctx.user, locale: given } });
      await settle(server, widget, 'locale_done');
      expect(exposures(server).map((r) => JSON.parse(r.props!) as object)).toEqual([{ trigger: 'usage', ...(sent && { locale: sent }) }]);
      // The state request was taken too: the server keeps the account as this person described it.
      const db = new Database(server.dbFile, { readonly: true });
      try {
        const row = db.prepare('SELECT context FROM account_sightings WHERE account_id = ?').get('acct_ann') as { context: string } | undefined;
        expect((JSON.parse(row!.context) as Context).user.locale).toBe(sent);
      } finally {
        db.close();
      }
    } finally {
      await server.close();
    }
  });
});
