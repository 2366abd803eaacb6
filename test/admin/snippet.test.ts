import { describe, expect, it } from 'vitest';
import { embedSnippet, LOADER_STUB } from '../../admin/src/areas/settings/install/snippet';
import { readmeLoaderStub } from '../helpers/readme';

describe('the embed snippet the console hands out', () => {
  it('carries the loader stub exactly as README.md prints it', () => {
    expect(LOADER_STUB).toBe(readmeLoaderStub());
  });

  it('loads upshift.js from this server with the environment key, after the stub', () => {
    const html = embedSnippet('https://upshift.acme.test', 'pk_abc123');
    expect(html).toBe(`<script>\n${readmeLoaderStub()}\n</script>\n<script async src="https://upshift.acme.test/upshift.js" data-key="pk_abc123"></script>`);
  });
});
