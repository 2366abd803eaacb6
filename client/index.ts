// `upshift/client`: the typed client for Node backends and scripts (and the CLI's only way to the server).
export { createClient, type UpshiftClient } from './client';
export { UpshiftError } from './error';
export type { ClientOptions } from './http';
export type * from './types';
