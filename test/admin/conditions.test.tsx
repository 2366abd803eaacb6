import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { describe, expect, it } from 'vitest';
import { attributesFor, ConditionEditor, type AttributeOption } from '../../admin/src/areas/common/conditions';
import { OPERATORS } from '../../admin/src/areas/common/conditions/operators';
import { attributeType, operatorFits } from '../../shared/engine/attributes';
import { conditionIssues } from '../../shared/engine/condition';
import { exampleCatalog } from '../../shared/examples';
import { Catalog } from '../../shared/schemas/catalog';
import { Audience, Operator, type Condition } from '../../shared/schemas/condition';

const catalog = Catalog.parse(exampleCatalog);
const attributes = attributesFor(catalog);

/** The editor as a form holds it: the value it sent last is the one it is fed back. */
function mount(initial: Condition | undefined, errors?: Record<string, string>) {
  const out: { value: Condition | undefined; changes: number; set: (c: Condition | undefined) => void } = { value: initial, changes: 0, set: () => {} };
  function Form() {
    const [value, setValue] = useState(initial);
    out.set = setValue;
    return (
      <ConditionEditor
        label="Audience"
        value={value}
        attributes={attributes}
        {...(errors ? { errors } : {})}
        onChange={(next) => {
          out.value = next;
          out.changes++;
          setValue(next);
        }}
      />
    );
  }
  render(<Form />);
  return out;
}

const row = (n: string) => within(screen.getByRole('group', { name: `Condition ${n} of Audience` }));
const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });
const choose = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });
/** An edit that changes nothing (the first row's attribute typed again): the editor sends its whole condition. */
const touch = () => {
  const input = screen.queryAllByLabelText('Attribute')[0] as HTMLInputElement | undefined;
  if (input) return type(input, input.value);
  const match = screen.getAllByLabelText('Match')[0] as HTMLSelectElement;
  return choose(match, match.value);
};

const deep = (depth: number): Condition => (depth === 1 ? { attr: 'account.plan', op: 'eq', value: 'pro' } : { [depth % 2 ? 'all' : 'any']: [deep(depth - 1)] } as Condition);

describe('the condition builder', () => {
  it('knows every operator of the engine, in its order', () => {
    expect(OPERATORS.map(([op]) => op)).toEqual(Operator.options);
  });

  it('offers every attribute the engine knows for the catalog, typed as the engine types it', () => {
    const fixed = ['user.id', 'user.role', 'user.locale', 'account.id', 'page.path', 'page.url', 'page.title', 'account.plan', 'account.createdAt', 'account.periodStart', 'account.health', 'account.ageDays', 'account.readiness'];
    const names = attributes.map((a) => a.attr);
    for (const attr of fixed) expect(names).toContain(attr);
    for (const m of catalog.metrics) for (const attr of [`usage.${m.id}`, `limits.${m.id}`, `ratio.${m.id}`, `forecast.${m.id}.days`]) expect(names).toContain(attr);
    for (const a of attributes) {
      const engine = attributeType(a.attr, catalog);
      expect(engine, a.attr).not.toBeNull();
      expect(a.kind, a.attr).toBe(engine);
    }
    expect(attributesFor(null).some((a) => a.attr.startsWith('usage.'))).toBe(false);
  });

  const cases: [string, Condition][] = [
    ['a bare comparison', { attr: 'account.plan', op: 'eq', value: 'pro' }],
    ['numbers, nulls, booleans and exists in every form', { all: [{ attr: 'usage.api_calls', op: 'gte', value: 1000.5 }, { attr: 'account.traits.vip', op: 'eq', value: false }, { attr: 'account.traits.owner', op: 'eq', value: null }, { attr: 'account.traits.seats', op: 'neq', value: 3 }, { attr: 'user.role', op: 'exists' }, { attr: 'user.locale', op: 'exists', value: false }, { attr: 'account.traits.x', op: 'exists', value: true }] }],
    ['lists with commas, numbers and mixed types', { any: [{ attr: 'account.traits.company', op: 'in', value: ['Acme, Inc.', 'Globex'] }, { attr: 'account.health', op: 'nin', value: [1, 2, 3] }, { attr: 'account.traits.tier', op: 'in', value: ['a', 2, true, null] }, { attr: 'account.plan', op: 'in', value: [] }] }],
    ['patterns, dates and versions under a not', { not: { all: [{ attr: 'page.path', op: 'matches', value: '^/reports/(\\d+)$' }, { attr: 'account.createdAt', op: 'before', value: '-90d' }, { attr: 'account.periodStart', op: 'after', value: '2026-01-31T12:00:00Z' }, { attr: 'account.traits.app', op: 'semverGte', value: 'v2.4.0-beta.1' }, { attr: 'page.title', op: 'contains', value: 'Bill' }, { attr: 'page.url', op: 'startsWith', value: 'https://' }] } }],
    ['empty groups', { all: [{ all: [] }, { any: [] }] }],
    ['the deepest nesting the engine allows', deep(8)],
    ['a value the editor would not write itself', { attr: 'usage.api_calls', op: 'eq', value: 'many' }],
  ];
  it.each(cases)('sends %s back unchanged after an edit that changes nothing', (_, condition) => {
    expect(Audience.safeParse(condition).success).toBe(true);
    const form = mount(structuredClone(condition));
    touch();
    expect(form.changes).toBe(1);
    expect(form.value).toStrictEqual(condition);
    expect(JSON.stringify(form.value)).toBe(JSON.stringify(condition));
  });

  it('never lets two rows with the same attribute and operator overwrite each other', () => {
    const form = mount({ all: [{ attr: 'account.traits.plan', op: 'eq', value: 'a' }, { attr: 'account.traits.plan', op: 'eq', value: 'b' }] });
    type(row('2').getByLabelText('Value'), 'c');
    expect(form.value).toStrictEqual({ all: [{ attr: 'account.traits.plan', op: 'eq', value: 'a' }, { attr: 'account.traits.plan', op: 'eq', value: 'c' }] });
    fireEvent.click(screen.getByRole('button', { name: 'Move condition 2 of Audience up' }));
    expect(form.value).toStrictEqual({ all: [{ attr: 'account.traits.plan', op: 'eq', value: 'c' }, { attr: 'account.traits.plan', op: 'eq', value: 'a' }] });
    expect((row('1').getByLabelText('Value') as HTMLInputElement).value).toBe('c');
    // Through JSON and back in from outside, as a JSON view hands it over: both rows stay.
    const json = JSON.stringify(form.value);
    form.set(JSON.parse(json));
    expect((row('2').getByLabelText('Value') as HTMLInputElement).value).toBe('a');
    type(row('1').getByLabelText('Value'), 'd');
    expect(form.value).toStrictEqual({ all: [{ attr: 'account.traits.plan', op: 'eq', value: 'd' }, { attr: 'account.traits.plan', op: 'eq', value: 'a' }] });
    // A row added with the same attribute and operator is a third row.
    fireEvent.click(screen.getByRole('button', { name: 'Add condition to Audience' }));
    type(row('3').getByLabelText('Attribute'), 'account.traits.plan');
    type(row('3').getByLabelText('Value'), 'a');
    expect(form.value).toStrictEqual({ all: [{ attr: 'account.traits.plan', op: 'eq', value: 'd' }, { attr: 'account.traits.plan', op: 'eq', value: 'a' }, { attr: 'account.traits.plan', op: 'eq', value: 'a' }] });
    fireEvent.click(screen.getByRole('button', { name: 'Remove condition 2 of Audience' }));
    expect(form.value).toStrictEqual({ all: [{ attr: 'account.traits.plan', op: 'eq', value: 'd' }, { attr: 'account.traits.plan', op: 'eq', value: 'a' }] });
  });

  it('starts from nothing and removes back to nothing', () => {
    const form = mount(undefined);
    expect(screen.getByText('No conditions: everyone matches.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add condition to Audience' }));
    type(row('1').getByLabelText('Attribute'), 'account.plan');
    type(row('1').getByLabelText('Value'), 'pro');
    expect(form.value).toStrictEqual({ all: [{ attr: 'account.plan', op: 'eq', value: 'pro' }] });
    fireEvent.click(screen.getByRole('button', { name: 'Remove condition 1 of Audience' }));
    expect(form.value).toStrictEqual({ all: [] });
  });

  it('types dates and relative ages, and says what a date must look like', () => {
    const form = mount({ all: [{ attr: '', op: 'eq', value: '' }] });
    type(row('1').getByLabelText('Attribute'), 'account.createdAt');
    expect((row('1').getByLabelText('Operator') as HTMLSelectElement).value).toBe('after');
    const value = row('1').getByLabelText('Value');
    type(value, 'yesterday');
    expect(value.getAttribute('aria-invalid')).toBe('true');
    expect(row('1').getByText(/Enter a date such as 2026-01-31, or a relative time such as -90d/)).toBeTruthy();
    type(value, '-90d');
    expect(value.getAttribute('aria-invalid')).toBeNull();
    choose(row('1').getByLabelText('Operator'), 'before');
    expect(form.value).toStrictEqual({ all: [{ attr: 'account.createdAt', op: 'before', value: '-90d' }] });
    type(value, '31/01/2026');
    expect(value.getAttribute('aria-invalid')).toBe('true');
  });

  it('types numbers, versions and patterns, with the engine’s own refusal for a pattern', () => {
    const form = mount({ all: [{ attr: 'usage.api_calls', op: 'gte', value: 1 }, { attr: 'account.traits.app', op: 'semverGte', value: '1.0.0' }, { attr: 'page.path', op: 'matches', value: 'x' }] });
    type(row('1').getByLabelText('Value'), 'lots');
    expect(row('1').getByText('Enter a number.')).toBeTruthy();
    type(row('1').getByLabelText('Value'), '2500');
    expect(row('1').queryByText('Enter a number.')).toBeNull();
    type(row('2').getByLabelText('Value'), '2.x');
    expect(row('2').getByText('Enter a version such as 2.4.0.')).toBeTruthy();
    type(row('2').getByLabelText('Value'), '2.4.0');
    type(row('3').getByLabelText('Value'), '^/(?=reports)');
    expect(row('3').getByText(/The pattern must not use lookarounds/)).toBeTruthy();
    type(row('3').getByLabelText('Value'), '^/reports');
    expect(row('3').queryByText(/The pattern/)).toBeNull();
    expect(form.value).toStrictEqual({ all: [{ attr: 'usage.api_calls', op: 'gte', value: 2500 }, { attr: 'account.traits.app', op: 'semverGte', value: '2.4.0' }, { attr: 'page.path', op: 'matches', value: '^/reports' }] });
  });

  it('edits lists one value at a time, so a comma stays inside its value', () => {
    const form = mount({ all: [{ attr: 'account.traits.company', op: 'eq', value: 'Acme, Inc.' }] });
    choose(row('1').getByLabelText('Operator'), 'in');
    const values = within(screen.getByRole('group', { name: 'Values of Condition 1 of Audience' }));
    fireEvent.click(values.getByRole('button', { name: 'Add a value' }));
    type(values.getByLabelText('Value 2'), 'Globex');
    fireEvent.click(values.getByRole('button', { name: 'Add a value' }));
    type(values.getByLabelText('Value 3'), 'Initech');
    fireEvent.click(values.getByRole('button', { name: 'Remove value 2 (Globex) of Condition 1 of Audience' }));
    expect(form.value).toStrictEqual({ all: [{ attr: 'account.traits.company', op: 'in', value: ['Acme, Inc.', 'Initech'] }] });
    choose(values.getByLabelText('Type'), 'number');
    expect(values.getAllByText('Enter a number.')).toHaveLength(2);
    type(values.getByLabelText('Value 1'), '12');
    type(values.getByLabelText('Value 2'), '7');
    expect(form.value).toStrictEqual({ all: [{ attr: 'account.traits.company', op: 'in', value: [12, 7] }] });
  });

  it('sends typed values as their JSON type, and exists with or without a value', () => {
    const form = mount({ all: [{ attr: 'account.traits.seats', op: 'eq', value: '5' }, { attr: 'user.role', op: 'exists' }] });
    choose(row('1').getByLabelText('Type'), 'number');
    const first = () => (form.value as { all: Condition[] }).all[0];
    expect(first()).toStrictEqual({ attr: 'account.traits.seats', op: 'eq', value: 5 });
    choose(row('1').getByLabelText('Type'), 'boolean');
    choose(row('1').getByLabelText('Value'), 'false');
    expect(first()).toStrictEqual({ attr: 'account.traits.seats', op: 'eq', value: false });
    choose(row('1').getByLabelText('Type'), 'null');
    expect(row('1').queryByLabelText('Value')).toBeNull();
    choose(row('2').getByLabelText('Value'), 'unset');
    expect(form.value).toStrictEqual({ all: [{ attr: 'account.traits.seats', op: 'eq', value: null }, { attr: 'user.role', op: 'exists', value: false }] });
    choose(row('2').getByLabelText('Value'), 'set');
    expect(form.value).toStrictEqual({ all: [{ attr: 'account.traits.seats', op: 'eq', value: null }, { attr: 'user.role', op: 'exists' }] });
  });

  it('tells at its row when the engine does not know an attribute, and takes custom traits', () => {
    mount({ all: [{ attr: 'account.plan', op: 'eq', value: 'pro' }, { attr: 'account.plan', op: 'eq', value: 'team' }] });
    type(row('2').getByLabelText('Attribute'), 'acount.plan');
    expect(row('2').getByText(/Upshift does not know "acount.plan"/)).toBeTruthy();
    expect(row('1').queryByText(/does not know/)).toBeNull();
    type(row('2').getByLabelText('Attribute'), 'usage.teleports');
    expect(row('2').getByText(/does not know "usage.teleports"/)).toBeTruthy();
    type(row('2').getByLabelText('Attribute'), 'account.traits.industry');
    expect(row('2').queryByText(/does not know/)).toBeNull();
  });

  it('builds nested OR and NOT groups, and offers no deeper group than the engine allows', () => {
    const form = mount({ all: [{ attr: 'account.plan', op: 'eq', value: 'pro' }] });
    fireEvent.click(screen.getByRole('button', { name: 'Add OR group to Audience' }));
    type(row('2.1').getByLabelText('Attribute'), 'user.role');
    type(row('2.1').getByLabelText('Value'), 'admin');
    fireEvent.click(screen.getByRole('button', { name: 'Add condition to Group 2 of Audience' }));
    type(row('2.2').getByLabelText('Attribute'), 'user.role');
    type(row('2.2').getByLabelText('Value'), 'owner');
    fireEvent.click(screen.getByRole('button', { name: 'Add NOT group to Audience' }));
    type(row('3.1.1').getByLabelText('Attribute'), 'account.traits.churning');
    choose(row('3.1.1').getByLabelText('Type'), 'boolean');
    expect(form.value).toStrictEqual({
      all: [
        { attr: 'account.plan', op: 'eq', value: 'pro' },
        { any: [{ attr: 'user.role', op: 'eq', value: 'admin' }, { attr: 'user.role', op: 'eq', value: 'owner' }] },
        { not: { any: [{ attr: 'account.traits.churning', op: 'eq', value: true }] } },
      ],
    });
    expect(Audience.safeParse(form.value).success).toBe(true);
    choose(within(screen.getByRole('group', { name: 'Group 2 of Audience' })).getByLabelText('Match'), 'all');
    expect(form.value).toMatchObject({ all: [{}, { all: [{}, {}] }, {}] });

    cleanup();
    mount(deep(8));
    // The innermost group is at level 7: a condition fits in it (level 8), a group's condition would be at level 9.
    const innermost = 'Group 1.1.1.1.1.1 of Audience';
    expect(screen.getByRole('button', { name: `Add condition to ${innermost}` })).toBeTruthy();
    expect(screen.queryByRole('button', { name: `Add OR group to ${innermost}` })).toBeNull();
  });

  it('shows the server’s errors at the rows and fields they concern', () => {
    const bad = { all: [{ attr: 'account.plan', op: 'eq', value: 'pro' }, { attr: 'usage.api_calls', op: 'gte', value: 'lots' }, { any: [{ attr: 'acount.plan', op: 'eq', value: 'x' }] }] } as unknown as Condition;
    const parsed = Audience.safeParse(bad);
    expect(parsed.success).toBe(false);
    const errors: Record<string, string> = Object.fromEntries(parsed.error!.issues.map((i) => [i.path.join('.'), i.message]));
    for (const i of conditionIssues({ any: [{ attr: 'acount.plan', op: 'eq', value: 'x' }] }, catalog, ['all', 2])) errors[i.path.join('.')] = i.message;
    errors[''] = 'the audience as a whole is wrong';
    errors['all.7.op'] = 'a path no row shows';
    mount(bad, errors);
    const value = row('2').getByLabelText('Value');
    expect(value.getAttribute('aria-invalid')).toBe('true');
    expect(row('2').getByText('value for "gte" must be a number')).toBeTruthy();
    expect(row('1').queryByText(/must be/)).toBeNull();
    const attr = row('3.1').getByLabelText('Attribute');
    expect(attr.getAttribute('aria-invalid')).toBe('true');
    expect(row('3.1').getByText('unknown attribute "acount.plan"')).toBeTruthy();
    expect(screen.getByText('the audience as a whole is wrong')).toBeTruthy();
    expect(screen.getByText('all.7.op: a path no row shows')).toBeTruthy();
  });

  it('offers for each attribute the operators the engine lets it use', () => {
    const byKind = (kind: AttributeOption['kind']) => attributes.find((a) => a.kind === kind)!;
    for (const kind of ['string', 'number', 'date'] as const) {
      mount({ attr: byKind(kind).attr, op: kind === 'date' ? 'after' : 'eq', value: kind === 'date' ? '-1d' : kind === 'number' ? 1 : 'x' });
      const ops = [...(row('1').getByLabelText('Operator') as HTMLSelectElement).options].map((o) => o.value);
      for (const op of ops) expect(operatorFits(kind, op as Operator), `${kind} ${op}`).toBe(true);
      expect(ops).toContain(kind === 'date' ? 'before' : 'in');
      cleanup();
    }
  });
});
