import { buildIfStale } from '../../scripts/build-if-stale.mjs';

/** Browser and bundle-size tests run against the real build; make sure it matches the sources. */
export default function setup(): void {
  buildIfStale();
}
