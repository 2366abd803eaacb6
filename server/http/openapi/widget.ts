import { z } from 'zod';
import { AdminRequestInput, AdminRequestResult } from '../../../shared/schemas/admin-request';
import { ExternalId } from '../../../shared/schemas/common';
import { Config } from '../../../shared/schemas/config';
import { EventBatch, EventBatchResult } from '../../../shared/schemas/event';
import { State, StateRequest } from '../../../shared/schemas/state';
import { TrialRequest, TrialResult } from '../../../shared/schemas/trial';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { adminRequestExample, eventsAnswerExample, eventsExample, stateExample, trialExample } from './examples';
import { paths, type Spec } from './operation';

/** The headers a browser's CORS preflight carries; the answer grants them to allowed origins only. */
const Preflight = z.object({
  Origin: z.string().meta({ description: 'The page asking; must be one of the environment’s allowed origins' }),
  'Access-Control-Request-Method': z.string(),
});

const preflight = (id: string, methods: string): Spec => ({
  method: 'options',
  path: '',
  id,
  summary: 'CORS preflight',
  description: `Grants ${methods} to the environment's allowed origins. Browsers send it by themselves.`,
  params: { header: Preflight },
  ok: { 204: { description: 'Allowed', headers: { 'Access-Control-Allow-Origin': 'The origin, when allowed', 'Access-Control-Allow-Methods': methods } } },
  errors: [403],
});

/** An identity token, when the environment requires one (or for trials and admin requests). */
const Identity = z.object({
  'X-Upshift-Token': z.string().optional().meta({ description: 'The identity token your backend signed (or `Authorization: Bearer <token>`)' }),
});

/** Person-facing routes the widget calls with the publishable key, from allowed origins. */
export const widgetSpecs: Record<string, readonly Spec[]> = {
  '/v1/config': [
    {
      method: 'get',
      path: '',
      id: 'getConfig',
      summary: 'The live published config',
      description: 'Catalog, live rules and settings as published, with a strong ETag: send it back as `If-None-Match` for a 304. Meant to sit behind a CDN.',
      params: { header: z.object({ 'If-None-Match': z.string().optional().meta({ description: 'The ETag of the config you hold' }) }) },
      ok: {
        200: { description: 'The config', schema: Config, headers: { ETag: 'Changes with every publish', 'Cache-Control': 'How long a CDN or browser may keep it' } },
        304: { description: 'The config you hold is current' },
      },
      errors: [404],
    },
    preflight('preflightConfig', 'GET'),
  ],
  '/v1/state': [
    {
      method: 'get',
      path: '',
      id: 'getState',
      summary: 'One person’s prompt history (read only)',
      description: 'The same answer as POST, from the query (`limits` as JSON, `addons` comma-separated); never writes and ignores `usage`.',
      params: {
        query: z.object({ user: ExternalId, account: ExternalId, plan: z.string().optional(), periodStart: z.string().optional(), limits: z.string().optional(), addons: z.string().optional() }),
        header: Identity,
      },
      ok: { 200: { description: 'The person’s state', schema: State } },
      errors: [400, 429],
    },
    {
      method: 'post',
      path: '',
      id: 'postState',
      summary: 'One person’s prompt history, reporting usage',
      description: 'The widget’s state read: keeps the usage of the catalog’s metrics as today’s snapshot and scores the account’s readiness. `text/plain` JSON is accepted too (no preflight).',
      params: { header: Identity },
      body: { schema: StateRequest, example: stateExample, beacon: true },
      ok: { 200: { description: 'The person’s state', schema: State } },
      errors: [429],
    },
    preflight('preflightState', 'GET, POST'),
  ],
  '/v1/events': [
    {
      method: 'post',
      path: '',
      id: 'postEvents',
      summary: 'Send a batch of events',
      description: 'Impressions, clicks, dismissals, declines, tracked events. Stored once per event id: a retry never counts twice. The whole batch or nothing. May be gzip-compressed (`Content-Encoding`).',
      params: { header: Identity },
      body: { schema: EventBatch, example: eventsExample, beacon: true },
      ok: { 200: { description: 'How many were new', schema: EventBatchResult, example: eventsAnswerExample } },
      errors: [429],
    },
    preflight('preflightEvents', 'POST'),
  ],
  '/v1/trials': [
    {
      method: 'post',
      path: '',
      id: 'startTrial',
      summary: 'Start the trial a live rule offers',
      params: { header: Identity },
      body: { schema: TrialRequest, example: trialExample, beacon: true },
      ok: { 200: { description: 'The trial already running', schema: TrialResult }, 201: { description: 'Started', schema: TrialResult } },
      errors: [404, 409, 429],
    },
    preflight('preflightTrials', 'POST'),
  ],
  '/v1/admin-requests': [
    {
      method: 'post',
      path: '',
      id: 'requestAdmin',
      summary: 'Ask the account’s admins for an upgrade',
      params: { header: Identity },
      body: { schema: AdminRequestInput, example: adminRequestExample, beacon: true },
      ok: { 200: { description: 'Already asked', schema: AdminRequestResult }, 202: { description: 'Asked; the webhook is queued', schema: AdminRequestResult } },
      errors: [404, 409, 429],
    },
    preflight('preflightAdminRequests', 'POST'),
  ],
};

export function widgetPaths(): ZodOpenApiPathsObject {
  return Object.assign({}, ...Object.entries(widgetSpecs).map(([base, specs]) => paths(base, 'Widget', 'publishable', specs)));
}
