import { cleanup as unmount } from '@testing-library/preact';
import type { Role, SessionView } from '../../shared/schemas/admin';
import Settings from '../../admin/src/areas/settings/index';
import { envList, refreshEnvironments } from '../../admin/src/model/environments';
import { startSession } from '../../admin/src/model/session';
import type { TestAppOptions } from './test-app';
import { adminServer, type AdminServer } from './admin-fetch';

export interface AreaServer extends AdminServer {
  /** Makes a person with `role`, signs in through the API and starts the console's session, as the frame does after sign-in. */
  signInAs(role: Role, email?: string): Promise<SessionView>;
}

/**
 * The real server (see adminServer) for testing one area on its own, mounted the way the frame
 * mounts it: with a signed-in session and the frame's environment list loaded.
 */
export async function areaServer(options: TestAppOptions = {}): Promise<AreaServer> {
  const server = await adminServer(options);
  const stop = server.cleanup;
  return Object.assign(server, {
    /**
     * Unmounts, lets Preact's after-paint effects run (a 100 ms timer where jsdom has no animation
     * frames) while `window` still exists, then closes the server. Without the wait, an effect
     * cleanup queued by the test's last render could fire after jsdom is gone.
     */
    async cleanup() {
      unmount();
      await new Promise((done) => setTimeout(done, 150));
      await stop();
    },
    async signInAs(role: Role, email = `${role}@acme.test`) {
      await server.addPerson(email, role);
      const view = await server.signIn(email);
      startSession(view);
      await refreshEnvironments();
      return view;
    },
  });
}

/** What the last copy button put on the (stand-in) clipboard. */
export const copied = (): Promise<string> => navigator.clipboard.readText();

/** The settings area as the frame mounts it: its environment (kept current from the frame's list) and the list. */
export function SettingsPage({ envId }: { envId: string }) {
  const envs = envList.value;
  return <Settings env={envs.find((e) => e.id === envId) ?? null} envs={envs} />;
}
