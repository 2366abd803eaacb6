import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { paths, type Answer, type Spec } from './operation';

const text = (type: string, description: string): Answer => ({
  description,
  type,
  schema: z.string(),
  headers: { ETag: 'Strong; send it back as If-None-Match', 'Cache-Control': 'How long it may be kept' },
});
const Revalidate = z.object({ 'If-None-Match': z.string().optional().meta({ description: 'The ETag of the copy you hold' }) });

/** A static file: gzip or brotli when accepted, an ETag and 304. */
const file = (path: string, id: string, summary: string, type: string, errors: Spec['errors'], pathParams?: z.ZodObject): Spec => ({
  method: 'get',
  path,
  id,
  summary,
  params: { header: Revalidate, ...(pathParams ? { path: pathParams } : {}) },
  ok: { 200: text(type, summary), 304: { description: 'The copy you hold is current' } },
  ...(errors ? { errors } : {}),
});

const html = (description: string): Answer => ({ description, type: 'text/html', schema: z.string(), headers: { 'Content-Security-Policy': 'A strict policy with a nonce made for this answer' } });

/** A page of a single-page app: every path under it serves the same document. */
const Rest = z.object({ path: z.string().meta({ description: 'Any path inside the app; the app routes it in the browser' }) });

/** The widget's files (any site may load them) and the pages this server ships. */
export function pagePaths(): ZodOpenApiPathsObject {
  return paths('', 'Pages', 'none', [
    file('/upshift.js', 'getWidget', 'The widget script (the snippet loads it)', 'text/javascript', [503]),
    file('/upshift-debug.js', 'getWidgetExplainer', 'The explainer `Upshift.debug()` loads', 'text/javascript', [503]),
    file('/upshift.d.ts', 'getWidgetTypes', 'TypeScript declarations of the embed API', 'application/typescript', [503]),
    file('/{file}', 'getWidgetUi', 'The prompt UI bundle of this release (`upshift-ui.<hash>.js`)', 'text/javascript', [404], z.object({ file: z.string().regex(/^upshift-ui\.[\w-]+\.js$/) })),
    file('/assets/{name}', 'getAsset', 'A hashed file the pages load', 'application/octet-stream', [404], z.object({ name: z.string() })),
    { method: 'get', path: '/admin', id: 'getConsole', summary: 'The admin console', ok: { 200: html('The console') }, errors: [503] },
    { method: 'get', path: '/admin/{path}', id: 'getConsolePage', summary: 'A page of the admin console', params: { path: Rest }, ok: { 200: html('The console') }, errors: [503] },
    { method: 'get', path: '/demo', id: 'getDemo', summary: 'The demo host app (when the server runs one)', ok: { 200: html('The demo') }, errors: [404] },
    { method: 'get', path: '/demo/{path}', id: 'getDemoPage', summary: 'A page of the demo host app', params: { path: Rest }, ok: { 200: html('The demo') }, errors: [404] },
    { method: 'get', path: '/docs/api', id: 'getApiReference', summary: 'This API’s interactive reference', ok: { 200: html('The reference') }, errors: [503] },
    { method: 'get', path: '/', id: 'getHome', summary: 'Redirect to the demo or the console', ok: { 302: { description: 'To `/demo` when the server runs one, else `/admin`', headers: { Location: '/demo or /admin' } } } },
  ]);
}
