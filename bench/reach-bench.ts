import Database from 'better-sqlite3';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { publish, demoAppContent } from '../server/demo/seed';
import { writeDrafts } from '../server/services/publishing';
import { estimateReach } from '../server/services/reach';
import { applyPragmas, openSqliteStore } from '../server/store/sqlite';
import type { Context } from '../shared/schemas/context';
import type { Rule } from '../shared/schemas/rule';
import type { State } from '../shared/schemas/state';
import { seeded } from './events';
import { int, median, table } from './report';

const ACCOUNTS = 50_000;
const RUNS = Number(process.env['UPSHIFT_REACH_RUNS'] ?? 5);
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 22, 12);
const BUDGET_MS = 2000;

/**
 * 50,000 accounts seen in the last 30 days, as POST /v1/state leaves them, written straight into
 * a real SQLite file: each account's context (plan, usage of two metrics, age, health, locale) and
 * its person's history as answered then: six billing-period peaks per metric, and for one person
 * in five tracked events and a dismissed, shown ladder tier. The environment publishes the demo
 * app's rules and keeps them as drafts.
 */
async function seedAccounts(file: string): Promise<string> {
  const store = openSqliteStore(file);
  const { environment } = await store.createEnvironment({ name: 'Bench reach', allowedOrigins: [] });
  await publish(store, environment.id, demoAppContent);
  await writeDrafts(store, environment.id, demoAppContent);
  await store.close();

  const env = environment.id;
  const rand = seeded(7);
  const db = new Database(file);
  applyPragmas(db);
  const sighting = db.prepare('INSERT INTO account_sightings (environment_id, account_id, user_id, plan, context, state, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < ACCOUNTS; i++) {
      const account = `acct_${i}`;
      const user = `user_${i}`;
      const plan = rand() < 0.7 ? 'starter' : 'pro';
      const limit = plan === 'starter' ? 10_000 : 100_000;
      const calls = Math.floor(rand() * limit * 1.1);
      const seats = 1 + Math.floor(rand() * (plan === 'starter' ? 6 : 30));
      const seen = NOW - Math.floor(rand() * 30 * DAY);
      const context: Context = {
        user: { id: user, locale: rand() < 0.8 ? 'en' : 'de' },
        account: { id: account, plan, createdAt: new Date(NOW - Math.floor(rand() * 900) * DAY).toISOString(), health: Math.floor(rand() * 100) },
        usage: { api_calls: calls, seats },
      };
      const state: State = {
        rules: {},
        counts: {},
        forecast: {},
        periods: { api_calls: Array.from({ length: 6 }, (_, k) => Math.max(0, calls - (5 - k) * Math.floor(rand() * 800))), seats: [seats, seats, seats] },
        trials: {},
      };
      if (i % 5 === 0) {
        state.counts = { 'report.exported': [1, 2, 3, 4].map((k) => seen - k * DAY) };
        state.rules['api-usage-ladder'] = { impressions: [seen - 3 * DAY], dismissedAt: seen - 3 * DAY, dismissed: { p70: seen - 3 * DAY } };
      }
      sighting.run(env, account, user, plan, JSON.stringify(context), JSON.stringify(state), seen);
    }
  })();
  db.close();
  return env;
}

/** The demo ladder as an unsaved draft that would outrank it: the editor's question "how many would this reach?". */
function draftRule(): Rule {
  const ladder = structuredClone(demoAppContent.rules[0]!);
  return { ...ladder, id: 'api-push', status: 'draft', priority: 500, holdout: 10, variants: [{ id: 'a', weight: 50 }, { id: 'b', weight: 50 }] };
}

/**
 * Reach over 50,000 accounts in a real SQLite file (see `seedAccounts`): the whole estimate as the
 * route runs it, reading every account's context and history in a fixed number of queries and
 * judging each with the engine. Budget: under 2 s (ARCHITECTURE.md).
 */
export async function reachBench(dir: string): Promise<string> {
  const file = join(dir, 'reach.db');
  const seededAt = performance.now();
  const env = await seedAccounts(file);
  const seedSeconds = (performance.now() - seededAt) / 1000;
  const store = openSqliteStore(file);
  try {
    const rule = draftRule();
    const times: number[] = [];
    const cpu: number[] = [];
    let last = await estimateReach(store, env, rule, NOW);
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      last = await estimateReach(store, env, rule, NOW);
      const c = process.cpuUsage(c0);
      times.push(performance.now() - t0);
      cpu.push((c.user + c.system) / 1000);
    }
    const ms = median(times);
    return [
      `reach estimate: ${int(ACCOUNTS)} accounts seen in 30 days in a SQLite file (seeded in ${seedSeconds.toFixed(1)} s), ${demoAppContent.rules.length + 1} rules judged per account, median of ${RUNS}`,
      table([
        ['', 'wall (median)', 'CPU (median)', 'budget', 'within'],
        ['reach (read + judge)', `${int(ms)} ms`, `${int(median(cpu))} ms`, `${int(BUDGET_MS)} ms`, ms < BUDGET_MS ? 'yes' : 'NO'],
      ]),
      `  (the CPU time is the process's own: on a busy machine the wall time waits for a core too)`,
      `  answer: ${int(last.accounts)} accounts, ${int(last.eligible)} eligible (${int(last.shown)} shown), ${int(last.heldOut.rule)} held out; displaced: ${last.displaced.map((d) => `${d.id} ${int(d.accounts)}`).join(', ') || 'none'}`,
    ].join('\n');
  } finally {
    await store.close();
  }
}
