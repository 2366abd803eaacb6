import { randomBytes } from 'node:crypto';

/** A fresh nonce for one page response: 128 random bits, base64. */
export const newNonce = (): string => randomBytes(16).toString('base64');

/**
 * The Content-Security-Policy of the pages this server renders (`/demo`, `/admin`, `/docs/api`). Scripts and
 * styles come from this server or carry the response's nonce; nothing inline runs without it (no
 * `unsafe-inline`, no `eval`). The widget's stylesheets are constructable stylesheets, which
 * `style-src` does not govern; where a browser lacks them its `<style>` elements carry the nonce
 * it reads from its own script tag. `data:` images are for the pages' empty favicon. No site may
 * frame a page (clickjacking the console's buttons).
 */
export function pagePolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Gives every `<script>` of a built page the nonce: the demo's inline loader stub needs it to run,
 * and upshift.js reads it from its own tag to load its prompt UI with it. Only for the pages
 * `npm run build` made, never for markup that holds anything a client sent.
 */
export const withNonce = (html: string, nonce: string): string => html.replace(/<script\b/gi, `<script nonce="${nonce}"`);
