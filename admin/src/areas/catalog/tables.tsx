import type { AddOn, Catalog, Plan, Price } from '../../../../shared/schemas/catalog';
import { segmentText } from './segment-text';

const price = (p: Price | undefined) => (p ? new Intl.NumberFormat(undefined, { style: 'currency', currency: p.currency }).format(p.amount) + ` / ${p.interval}` : '—');
const limits = (l: Record<string, number> | undefined, names: Map<string, string>) => {
  const entries = Object.entries(l ?? {});
  return entries.length ? entries.map(([m, n]) => `${n.toLocaleString()} ${names.get(m) ?? m}`).join(', ') : '—';
};
const translations = (locales: Record<string, { name: string }> | undefined) => {
  const entries = Object.entries(locales ?? {});
  return entries.length ? entries.map(([tag, t]) => `${tag}: ${t.name}`).join(', ') : '—';
};
const list = (ids: string[], names: Map<string, string>) => (ids.length ? ids.map((f) => names.get(f) ?? f).join(', ') : '—');

function Offers({ caption, items, metrics, features }: { caption: string; items: (Plan | AddOn)[]; metrics: Map<string, string>; features: Map<string, string> }) {
  return (
    <div class="table-wrap">
      <table class="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Name</th>
            <th scope="col">Limits</th>
            <th scope="col">Features</th>
            <th scope="col">Price</th>
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <tr key={p.id}>
              <td>
                <code>{p.id}</code>
              </td>
              <td>{p.name}</td>
              <td>{limits(p.limits, metrics)}</td>
              <td>{list(p.features, features)}</td>
              <td>{price(p.price)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The catalog as people read it: plans and add-ons with their limits, features and prices, then metrics, features and next steps. */
export function CatalogTables({ catalog }: { catalog: Catalog }) {
  const metrics = new Map(catalog.metrics.map((m) => [m.id, m.name]));
  const features = new Map(catalog.features.map((f) => [f.id, f.name]));
  const offers = new Map([...catalog.plans, ...(catalog.addons ?? [])].map((o) => [o.id, o.name]));
  return (
    <div class="stack">
      <Offers caption="Plans" items={catalog.plans} metrics={metrics} features={features} />
      {catalog.addons?.length ? <Offers caption="Add-ons" items={catalog.addons} metrics={metrics} features={features} /> : null}
      <div class="table-wrap">
        <table class="table">
          <caption>Metrics</caption>
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Name in prompts</th>
              <th scope="col">Unit</th>
              <th scope="col">Translations</th>
            </tr>
          </thead>
          <tbody>
            {catalog.metrics.map((m) => (
              <tr key={m.id}>
                <td>
                  <code>{m.id}</code>
                </td>
                <td>{m.name}</td>
                <td>{m.unit ?? '—'}</td>
                <td>{translations(m.locales)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="table-wrap">
        <table class="table">
          <caption>Features</caption>
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Name</th>
              <th scope="col">Description</th>
              <th scope="col">Trial</th>
              <th scope="col">Translations</th>
            </tr>
          </thead>
          <tbody>
            {catalog.features.map((f) => (
              <tr key={f.id}>
                <td>
                  <code>{f.id}</code>
                </td>
                <td>{f.name}</td>
                <td>{f.description ?? '—'}</td>
                <td>{f.trialDays ? `${f.trialDays} days` : '—'}</td>
                <td>{translations(f.locales)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="table-wrap">
        <table class="table">
          <caption>Next steps (the natural upgrade from each plan)</caption>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">For</th>
            </tr>
          </thead>
          <tbody>
            {catalog.nextSteps.map((s, i) => (
              <tr key={i}>
                <td>{offers.get(s.from) ?? s.from}</td>
                <td>{offers.get(s.to) ?? s.to}</td>
                <td>{s.segment ? segmentText(s.segment) : 'everyone else'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
