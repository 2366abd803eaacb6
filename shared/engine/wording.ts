import type { Feature } from '../schemas/catalog';
import type { Config } from '../schemas/config';
import type { Content, Rule } from '../schemas/rule';
import type { ResolvedOffer } from './offer';
import type { Scope } from './scope';
import type { Hit } from './triggers';
import type { Picked } from './types';

/** A rule that passed every check, with what its trigger found and the offer it resolved to. */
export interface Candidate {
  rule: Rule;
  hit: Hit;
  offer: ResolvedOffer;
  variant: string | undefined;
}

/** What `render()` needs to word a decided prompt: kept beside it, not in it, so the prompt stays plain data. */
export interface Wording {
  c: Candidate;
  config: Config;
  scope: Scope;
  copy: Content;
  feature: Feature | undefined;
}

/** Each decided prompt's wording inputs, held only as long as the prompt itself. */
export const wording = new WeakMap<Picked, Wording>();
