// @ts-check
// The last step of `npm run build`: ships the hand-written declaration of `window.Upshift` as is,
// next to upshift.js, where GET /upshift.d.ts serves it from.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './build-if-stale.mjs';

mkdirSync(join(root, 'dist', 'widget'), { recursive: true });
copyFileSync(join(root, 'widget', 'types', 'upshift.d.ts'), join(root, 'dist', 'widget', 'upshift.d.ts'));
