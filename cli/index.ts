// The CLI's entry: `npx upshift …` runs this (built to dist/cli.js) through bin/upshift.mjs.
import { run } from './main';

process.exitCode = await run(process.argv.slice(2), process.env);
