import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import type { Resolve } from '../../server/services/webhooks/outbound';

/**
 * A resolver that answers from `answers` instead of the network: each name maps to its addresses,
 * or to a function giving them (so an answer can change between calls, as in DNS rebinding). Any
 * other name fails as an unknown one does, so no test depends on, or leaks names to, real DNS.
 */
export function fakeDns(answers: Record<string, readonly string[] | (() => readonly string[])> = {}): Resolve & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string): Promise<LookupAddress[]> => {
    calls.push(hostname);
    const answer = answers[hostname];
    if (answer === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
    return (typeof answer === 'function' ? answer() : answer).map((address) => ({ address, family: isIP(address) }));
  };
  return Object.assign(resolve, { calls });
}
