import { describe, expect, it } from 'vitest';
import { renderTemplate, withParams, type TemplateVars } from '../../shared/engine/template';

const vars: TemplateVars = {
  count: 7200,
  percent: '72%', // the engine formats percentages itself, sign and all
  usage: { seats: 3, 'api-calls': 12, 'ns:jobs': 4 },
  metric: 'API calls',
  zero: 0,
  empty: '',
  plan: { id: 'starter', name: 'Starter' },
  offer: { plan: { id: 'pro', name: 'Pro', deep: { er: 'deepest' } } },
  html: '<img src=x onerror="alert(1)">',
  // What a path that reaches an object shows on its own.
  '': { usage: 7200, 'offer.plan': 'the Pro plan', count: 'never read' },
};

/** A formatter that marks its output, so the test sees which values went through it. */
const mark = (n: number): string => `#${n}#`;

describe('renderTemplate', () => {
  it.each([
    { template: 'Hello', out: 'Hello' },
    { template: '', out: '' },
    { template: '{{percent}} used', out: '72% used' },
    { template: '{{offer.plan.name}}', out: 'Pro' },
    { template: '{{offer.plan.deep.er}}', out: 'deepest' },
    { template: '{{ percent }} and {{  plan.name\t}}', out: '72% and Starter' },
    { template: '{{percent}}{{percent}}', out: '72%72%' },
    { template: '{{metric}} on {{plan.name}} -> {{offer.plan.name}}', out: 'API calls on Starter -> Pro' },
    { template: '{{empty}}|', out: '|' },
  ])('fills $template', ({ template, out }) => {
    expect(renderTemplate(template, vars, mark)).toBe(out);
  });

  it.each([
    { template: '{{count}}', out: '#7200#' },
    { template: '{{zero}}', out: '#0#' },
    { template: '{{percent}}', out: '72%' }, // strings are not formatted
  ])('formats numbers with the given formatter: $template', ({ template, out }) => {
    expect(renderTemplate(template, vars, mark)).toBe(out);
  });

  it.each([
    { template: 'x{{nope}}y' },
    { template: 'x{{plan.nope}}y' },
    { template: 'x{{nope.deeper}}y' },
    { template: 'x{{plan}}y' }, // an object is not text
    { template: 'x{{percent.length}}y' }, // no properties of strings
    { template: 'x{{count.toFixed}}y' },
    { template: 'x{{usage.toFixed}}y' },
    { template: 'x{{usage.constructor}}y' },
    { template: 'x{{usage.__proto__}}y' },
    { template: 'x{{offer.plan.constructor.constructor}}y' },
    { template: 'x{{__proto__.__proto__}}y' },
    { template: 'x{{toString.call}}y' },
    { template: 'x{{constructor.prototype}}y' },
    { template: 'x{{__defineGetter__}}y' },
    { template: 'x{{constructor}}y' },
    { template: 'x{{__proto__}}y' },
    { template: 'x{{toString}}y' },
    { template: 'x{{constructor.constructor}}y' },
    { template: 'x{{constructor.name}}y' },
    { template: 'x{{plan.constructor}}y' },
    { template: 'x{{__proto__.toString}}y' },
    { template: 'x{{hasOwnProperty}}y' },
    { template: 'x{{valueOf}}y' },
  ])('renders an unknown or inherited path as nothing: $template', ({ template }) => {
    expect(renderTemplate(template, vars, mark)).toBe('xy');
  });

  it.each([
    { template: '{{percent}', out: '{{percent}' },
    { template: '{percent}}', out: '{percent}}' },
    { template: '{{ }}', out: '{{ }}' },
    { template: '{{per cent}}', out: '{{per cent}}' },
    { template: '{{plan..name}}', out: '{{plan..name}}' },
    { template: '{{{percent}}}', out: '{72%}' },
  ])('leaves text that is not a placeholder alone: $template', ({ template, out }) => {
    expect(renderTemplate(template, vars, mark)).toBe(out);
  });

  it.each([
    { template: '<b>{{percent}}</b>', out: '<b>72%</b>' },
    { template: '{{html}}', out: '<img src=x onerror="alert(1)">' },
    { template: '<script>alert("{{metric}}")</script>', out: '<script>alert("API calls")</script>' },
    { template: '&amp; {{metric}}', out: '&amp; API calls' },
  ])('returns HTML-like text verbatim: $template', ({ template, out }) => {
    expect(renderTemplate(template, vars, mark)).toBe(out);
  });

  it.each([
    { template: '{{usage}}', out: '#7200#' }, // an object shows what vars[''] holds for its path
    { template: '{{offer.plan}}', out: 'the Pro plan' },
    { template: '{{count}}', out: '#7200#' }, // a path that reaches a value shows that value
    { template: '{{usage.seats}}', out: '#3#' },
    { template: '{{usage.api-calls}}', out: '#12#' }, // ids with "-" and ":" can be named
    { template: '{{usage.ns:jobs}}', out: '#4#' },
    { template: 'x{{usage.nope}}y', out: 'xy' },
    { template: '{{usage.}}', out: '{{usage.}}' }, // no path names the '' key
    { template: 'x{{offer}}y', out: 'xy' }, // an object with nothing to show is not text
  ])('reads an object by what it shows on its own: $template', ({ template, out }) => {
    expect(renderTemplate(template, vars, mark)).toBe(out);
  });

  it.each([
    { template: '{{percent}}% used', out: '72% used' },
    { template: '{{percent}} % used', out: '72% used' }, // "97 %", as German and French copy write it
    { template: '{{ percent }}%', out: '72%' },
    { template: '{{percent}}\u00a0%', out: '72%' },
    { template: '{{percent}}%%', out: '72%%' }, // one sign only
    { template: '{{percent}} used', out: '72% used' },
    { template: '{{percent}}-%', out: '72%-%' },
    { template: '{{count}}%', out: '#7200#%' }, // after any other placeholder the sign stays
    { template: '{{usage.seats}} %', out: '#3# %' },
    { template: '{{nope}}%', out: '%' },
  ])('does not double the sign after {{percent}}: $template', ({ template, out }) => {
    expect(renderTemplate(template, vars, mark)).toBe(out);
  });

  it('drops the sign after {{percent}} even when there is no percentage to show', () => {
    expect(renderTemplate('at {{percent}}%!', { usage: 1 }, mark)).toBe('at !');
  });

  it('does not re-expand placeholders that come from values', () => {
    const rendered = renderTemplate('{{a}}', { a: '{{b}}', b: 'secret' }, mark);

    expect(rendered).toBe('{{b}}');
  });

  it('does not read inherited properties of the vars object', () => {
    const inherited = Object.create({ secret: 'leak' }) as TemplateVars;

    expect(renderTemplate('[{{secret}}]', inherited, mark)).toBe('[]');
  });
});

describe('withParams', () => {
  const attribution = { upshift_rule: 'r1', upshift_tier: 'p95' };

  it.each([
    { href: '/billing', out: '/billing?upshift_rule=r1&upshift_tier=p95' },
    { href: '/billing?plan=pro', out: '/billing?plan=pro&upshift_rule=r1&upshift_tier=p95' },
    { href: '/billing?', out: '/billing?upshift_rule=r1&upshift_tier=p95' },
    { href: '/billing?plan=pro&', out: '/billing?plan=pro&upshift_rule=r1&upshift_tier=p95' },
    { href: '/billing#plans', out: '/billing?upshift_rule=r1&upshift_tier=p95#plans' },
    { href: '/billing?plan=pro#plans', out: '/billing?plan=pro&upshift_rule=r1&upshift_tier=p95#plans' },
    { href: '/billing#a?b=c', out: '/billing?upshift_rule=r1&upshift_tier=p95#a?b=c' },
    { href: 'https://x.test', out: 'https://x.test?upshift_rule=r1&upshift_tier=p95' },
    { href: 'https://x.test/a?b=1#top', out: 'https://x.test/a?b=1&upshift_rule=r1&upshift_tier=p95#top' },
  ])('appends to $href', ({ href, out }) => {
    expect(withParams(href, attribution)).toBe(out);
  });

  it.each([
    { params: { q: 'a b' }, out: '/p?q=a%20b' },
    { params: { q: 'x&y=z' }, out: '/p?q=x%26y%3Dz' },
    { params: { q: '#frag' }, out: '/p?q=%23frag' },
    { params: { q: 'ü/€' }, out: '/p?q=%C3%BC%2F%E2%82%AC' },
    { params: { 'a b&': '1' }, out: '/p?a%20b%26=1' },
    { params: { q: '' }, out: '/p?q=' },
  ])('encodes keys and values: $params', ({ params, out }) => {
    const href = withParams('/p', params);

    expect(href).toBe(out);
    expect(Object.fromEntries(new URL(href, 'https://host.test').searchParams)).toEqual(params);
  });

  it.each([
    { href: '/billing?plan=pro#x', params: {} },
    { href: '/billing', params: { a: undefined } },
  ])('leaves $href unchanged when there is nothing to add', ({ href, params }) => {
    expect(withParams(href, params)).toBe(href);
  });

  it('skips undefined values and keeps the others', () => {
    expect(withParams('/b', { a: undefined, b: '2' })).toBe('/b?b=2');
  });
});
