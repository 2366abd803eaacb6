import type { UpshiftClient } from '../client/client';
import type { Flags } from './args';

/** What a command runs with: the client, its arguments and flags, whether to answer in JSON, and now. */
export interface CommandContext {
  client: UpshiftClient;
  positionals: string[];
  flags: Flags;
  json: boolean;
  now: number;
}
