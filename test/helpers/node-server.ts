import { join } from 'node:path';
import { formatMasterKey, newMasterKey } from '../../server/infra/secrets/master-key';
import { freePort } from '../../scripts/pg-cluster';
import { startNode, type NodeProcess } from '../../deploy/node';
import { root } from './readme';
import { tempDir } from './test-app';
import { tempPgDatabase, type StoreKind } from './stores';

export interface ServerNode extends NodeProcess {
  /** The demo environment's publishable key, from the start-up banner. */
  key: string;
  /** Removes the node's folder and (PostgreSQL) database once it has stopped. */
  remove(): Promise<void>;
}

/**
 * `server/main.ts` itself, in a process of its own (through tsx, so no build is needed), on a free
 * loopback port over a fresh SQLite file or PostgreSQL database, with the demo seeded.
 */
export async function startServerNode(kind: StoreKind, env: Record<string, string> = {}): Promise<ServerNode> {
  const dir = tempDir('upshift-node-');
  const database = kind === 'postgres' ? await tempPgDatabase() : null;
  const storeEnv: Record<string, string> = database
    ? { UPSHIFT_DATABASE_URL: database.url, UPSHIFT_ENCRYPTION_KEY: formatMasterKey(newMasterKey()), UPSHIFT_DATA_DIR: dir.dir }
    : { UPSHIFT_DB: join(dir.dir, 'upshift.db') };
  const node = await startNode({ entry: join(root, 'server', 'main.ts'), tsx: true, port: await freePort(), cwd: root, env: { UPSHIFT_DEMO: '1', UPSHIFT_WEBHOOK_ALLOW_PRIVATE: '', ...storeEnv, ...env } });
  const key = /Publishable key: (pk_\w+)/.exec(node.output())?.[1];
  if (!key) throw new Error(`no publishable key in the banner:\n${node.output()}`);
  return {
    ...node,
    key,
    async remove() {
      await node.stop('SIGKILL');
      dir.remove();
      await database?.drop();
    },
  };
}
