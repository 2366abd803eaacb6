import type { AddOn, Catalog, Plan } from '../../../../shared/schemas/catalog';
import { Button, Select, TextField } from '../../ui';
import { Checkbox } from '../common/Checkbox';
import { keyOf, newAddOn, newPlan, numberOrText, setOptional } from './draft';
import { NumberField, type PartProps } from './fields';

type Kind = 'plans' | 'addons';
const NOUN: Record<Kind, string> = { plans: 'Plan', addons: 'Add-on' };
const label = (kind: Kind, o: { id: string; name: string }, i: number) => `${NOUN[kind]} ${i + 1}${o.name || o.id ? `: ${o.name || o.id}` : ''}`;

/** One plan or add-on: id, name, limits per metric, included features, price and checkout link. */
function Offer({ draft, err, kind, o, i }: Omit<PartProps, 'under'> & { kind: Kind; o: Plan | AddOn; i: number }) {
  const c = draft.catalog;
  const name = label(kind, o, i);
  const at = (...rest: (string | number)[]) => [kind, i, ...rest];
  const known = new Set(c.metrics.map((m) => m.id));
  const strays = Object.keys(o.limits ?? {}).filter((m) => !known.has(m));
  const knownFeatures = new Set(c.features.map((f) => f.id));
  const setLimit = (metric: string, text: string) =>
    draft.edit(() => {
      const limits: Record<string, number> = { ...(o.limits ?? {}) };
      if (text.trim() === '') delete limits[metric];
      else limits[metric] = numberOrText(text) as number;
      if (kind === 'addons' && !Object.keys(limits).length) delete o.limits;
      else o.limits = limits;
    });
  return (
    <fieldset class="map-item">
      <legend>{name}</legend>
      <div class="map-grid">
        <TextField label="Id" value={o.id} error={err(at('id'))} autoComplete="off" onValue={(v) => draft.edit((cat) => {
          // Next steps follow a renamed plan or add-on.
          for (const s of cat.nextSteps) {
            if (s.from === o.id) s.from = v;
            if (s.to === o.id) s.to = v;
          }
          o.id = v;
        })} />
        <TextField label="Name" value={o.name} error={err(at('name'))} onValue={(v) => draft.edit(() => (o.name = v))} />
        <TextField label="Checkout URL" value={o.checkoutUrl ?? ''} error={err(at('checkoutUrl'))} placeholder="https://app.acme.com/billing" autoComplete="off" onValue={(v) => draft.edit(() => setOptional(o, 'checkoutUrl', v.trim()))} />
      </div>
      <fieldset class="map-sub">
        <legend>{kind === 'plans' ? `Limits of ${name}` : `Extra limits of ${name}`}</legend>
        {c.metrics.length ? null : <p class="muted">Add a metric first.</p>}
        <div class="map-grid">
          {c.metrics.map((m) => (
            <NumberField key={keyOf(m)} label={`${m.name || m.id} ${kind === 'plans' ? 'limit' : 'added'}`} value={o.limits?.[m.id]} error={m.id ? err(at('limits', m.id)) : undefined} hint={kind === 'plans' ? 'Empty for no limit.' : 'Added to the plan’s limit.'} onValue={(v) => setLimit(m.id, v)} />
          ))}
        </div>
        {strays.map((m) => (
          <p key={m} class="error">
            {err(at('limits', m))}{' '}
            <Button small aria-label={`Remove limit on "${m}" from ${name}`} onClick={() => setLimit(m, '')}>
              Remove limit
            </Button>
          </p>
        ))}
      </fieldset>
      <fieldset class="map-sub">
        <legend>{`Features included in ${name}`}</legend>
        {c.features.length ? null : <p class="muted">Add a feature first.</p>}
        {c.features.map((f) => (
          <Checkbox key={keyOf(f)} checked={o.features.includes(f.id)} onChecked={(on) => draft.edit(() => (o.features = on ? [...o.features, f.id] : o.features.filter((x) => x !== f.id)))}>
            {f.name || f.id}
          </Checkbox>
        ))}
        {o.features.map((f, j) =>
          knownFeatures.has(f) ? null : (
            <p key={`${f}-${j}`} class="error">
              {err(at('features', j))}{' '}
              <Button small aria-label={`Remove unknown feature "${f}" from ${name}`} onClick={() => draft.edit(() => o.features.splice(j, 1))}>
                Remove
              </Button>
            </p>
          ),
        )}
      </fieldset>
      <fieldset class="map-sub">
        <legend>{`Price of ${name}`}</legend>
        <Checkbox checked={o.price !== undefined} onChecked={(on) => draft.edit(() => (on ? (o.price = { amount: 0, currency: 'USD', interval: 'month' }) : delete o.price))}>
          Has a price
        </Checkbox>
        {o.price ? (
          <div class="map-grid">
            <NumberField label="Amount" value={o.price.amount} error={err(at('price', 'amount'))} onValue={(v) => draft.edit(() => (o.price!.amount = numberOrText(v) as number))} />
            <TextField label="Currency" value={o.price.currency} error={err(at('price', 'currency'))} hint="USD, EUR, CHF…" autoComplete="off" onValue={(v) => draft.edit(() => (o.price!.currency = v.trim().toUpperCase()))} />
            <Select
              label="Billed every"
              value={o.price.interval}
              error={err(at('price', 'interval'))}
              options={[
                { value: 'month', label: 'month' },
                { value: 'year', label: 'year' },
              ]}
              onValue={(v) => draft.edit(() => (o.price!.interval = v as 'month' | 'year'))}
            />
          </div>
        ) : null}
      </fieldset>
      <Button small variant="danger" aria-label={`Remove ${name}`} onClick={() => draft.edit((cat) => (kind === 'plans' ? cat.plans.splice(i, 1) : cat.addons?.splice(i, 1)))}>
        Remove {NOUN[kind].toLowerCase()}
      </Button>
    </fieldset>
  );
}

const list = (c: Catalog, kind: Kind): (Plan | AddOn)[] => (kind === 'plans' ? c.plans : (c.addons ?? []));

/** Plans, or add-ons and seat packs (an add-on that raises `seats`). */
export function OffersPart({ draft, err, kind }: PartProps & { kind: Kind }) {
  const id = `map-${kind}`;
  return (
    <section class="map-part" aria-labelledby={id}>
      <h2 id={id}>{kind === 'plans' ? 'Plans' : 'Add-ons and seat packs'}</h2>
      <p class="muted">{kind === 'plans' ? 'Each plan’s limits, included features, price and checkout link.' : 'Bought on top of a plan: features, or more of a limit (a seat pack adds seats).'}</p>
      {err([kind]) ? <p class="error">{err([kind])}</p> : null}
      {list(draft.catalog, kind).map((o, i) => (
        <Offer key={keyOf(o)} draft={draft} err={err} kind={kind} o={o} i={i} />
      ))}
      <Button onClick={() => draft.edit((cat) => (kind === 'plans' ? cat.plans.push(newPlan()) : (cat.addons ??= []).push(newAddOn())))}>{kind === 'plans' ? 'Add a plan' : 'Add an add-on'}</Button>
    </section>
  );
}
