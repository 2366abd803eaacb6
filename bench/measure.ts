import type { ServerChild } from './child';
import { runLoad, type LoadOptions, type LoadResult } from './load';

export interface Round extends LoadResult {
  /** Operations (requests, or rows for ingest) answered as expected, per second. */
  perSecond: number;
  /** Server process CPU time over wall time: near 100% means the server, not the load generator, is the limit. */
  serverCpu: number;
  serverMicrosPerOp: number;
  /** The load generator's CPU over wall time. */
  clientCpu: number;
}

/** One load run against `server`, with the CPU both sides spent on it. */
export async function measure(server: ServerChild, load: LoadOptions, opsPerRequest = 1): Promise<Round> {
  const serverBefore = await server.cpuMicros();
  const clientBefore = process.cpuUsage();
  const result = await runLoad(load);
  const client = process.cpuUsage(clientBefore);
  const serverMicros = (await server.cpuMicros()) - serverBefore;
  const ops = result.ok * opsPerRequest;
  return {
    ...result,
    perSecond: ops / result.seconds,
    serverCpu: serverMicros / 1e6 / result.seconds,
    serverMicrosPerOp: ops ? serverMicros / ops : NaN,
    clientCpu: (client.user + client.system) / 1e6 / result.seconds,
  };
}
