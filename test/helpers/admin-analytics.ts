import { expect } from 'vitest';
import { adminServer, type AdminServer } from './admin-fetch';
import { seedAnalytics } from './analytics-seed';
import { postEvents, postState } from './http';
import { APP_ORIGIN } from './test-app';

export interface AnalyticsConsole {
  server: AdminServer;
  /** `/admin/env/:env/analytics`. */
  page: string;
  /** What the signed-in session's API call answers: `answer('funnel', '?rule=x')`. */
  answer<T>(part: string, query?: string): Promise<T>;
}

/** The real server with the analytics seed sent through the public API, and a viewer signed in. */
export async function seededConsole(): Promise<AnalyticsConsole> {
  const server = await adminServer();
  await server.addPerson('vic@acme.test', 'viewer', 'Vic');
  await seedAnalytics((path, body, key) =>
    path === '/v1/state'
      ? postState(server.app, server.key, body, { Origin: APP_ORIGIN })
      : key === 'publishable'
        ? postEvents(server.app, server.key, body, { headers: { Origin: APP_ORIGIN } })
        : server.app.request(`http://localhost${path}`, { method: 'POST', headers: { Authorization: `Bearer ${server.secretKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  );
  await server.signIn('vic@acme.test');
  return {
    server,
    page: `/admin/env/${server.environment.id}/analytics`,
    async answer<T>(part: string, query = '') {
      const res = await server.call('GET', `/v1/admin/environments/${server.environment.id}/analytics/${part}${query}`);
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as T;
    },
  };
}

/** The cells of a table's body rows, as text. */
export const bodyCells = (table: HTMLElement): string[][] =>
  [...table.querySelectorAll('tbody tr')].map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? ''));

/** The number in a formatted figure ("1,204", "$49.00", "−12.5 %"), sign kept. */
export const num = (s: string): number => Number(s.replace(/[−–]/g, '-').replace(/[^\d.-]/g, ''));
