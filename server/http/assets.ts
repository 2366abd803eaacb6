import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

type Bytes = Uint8Array<ArrayBuffer>;

/** One file held in memory with its precompressed encodings. */
export interface Asset {
  type: string;
  /** Content hash, unquoted; each encoding gets its own strong ETag derived from it. */
  hash: string;
  identity: Bytes;
  gzip: Bytes;
  br: Bytes;
}

/** What the server serves besides the API, built by `npm run build`. Any part may be missing. */
export interface Assets {
  widget?: Asset;
  /** `upshift-debug.js`: the explainer `Upshift.debug()` loads on demand. */
  explainer?: Asset;
  /** The prompt UI that upshift.js loads when a prompt must render, by its content-hashed file name (`upshift-ui.<hash>.js`). */
  ui: Map<string, Asset>;
  /** `upshift.d.ts`: the TypeScript declaration of the public API. */
  types?: Asset;
  /** HTML pages by name (`demo`, `admin`, `apidocs`). */
  pages: Map<string, string>;
  /** Hashed files under `/assets/`. */
  files: Map<string, Asset>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

export function toAsset(bytes: Buffer, type: string): Asset {
  return {
    type,
    hash: createHash('sha256').update(bytes).digest('base64url').slice(0, 20),
    identity: Uint8Array.from(bytes),
    gzip: Uint8Array.from(gzipSync(bytes, { level: 9 })),
    br: Uint8Array.from(brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })),
  };
}

export const emptyAssets = (): Assets => ({ pages: new Map(), files: new Map(), ui: new Map() });

/** The UI bundle's file name: content-hashed, so a URL always names the same bytes. */
export const UI_FILE = /^upshift-ui\.[\w-]+\.js$/;

/** Reads the build output under `dist/`: `widget/upshift.js` (and its UI, explainer and declaration), earlier UIs in `widget-previous/`, `pages/<name>/index.html`, `pages/assets/*`. */
export function loadAssets(distDir: string): Assets {
  const assets = emptyAssets();
  const widget = join(distDir, 'widget', 'upshift.js');
  if (existsSync(widget)) assets.widget = toAsset(readFileSync(widget), TYPES['.js']!);
  const explainer = join(distDir, 'widget', 'upshift-debug.js');
  if (existsSync(explainer)) assets.explainer = toAsset(readFileSync(explainer), TYPES['.js']!);
  const types = join(distDir, 'widget', 'upshift.d.ts');
  if (existsSync(types)) assets.types = toAsset(readFileSync(types), 'application/typescript; charset=utf-8');
  // widget-previous/ holds earlier builds' UIs (widget/build/retire-uis.ts), for upshift.js copies cached from before a deploy.
  for (const dir of [join(distDir, 'widget-previous'), join(distDir, 'widget')]) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      if (UI_FILE.test(name)) assets.ui.set(name, toAsset(readFileSync(join(dir, name)), TYPES['.js']!));
    }
  }
  for (const page of ['demo', 'admin', 'apidocs']) {
    const html = join(distDir, 'pages', page, 'index.html');
    if (existsSync(html)) assets.pages.set(page, readFileSync(html, 'utf8'));
  }
  const files = join(distDir, 'pages', 'assets');
  if (existsSync(files)) {
    for (const name of readdirSync(files)) {
      const type = TYPES[extname(name)];
      if (type) assets.files.set(name, toAsset(readFileSync(join(files, name)), type));
    }
  }
  return assets;
}
