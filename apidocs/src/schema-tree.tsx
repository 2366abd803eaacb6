import { useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { resolve, type Document, type Ref, type Schema } from './spec';
import { constraints, discriminatorLabels, enumText, fieldsOf, shapeLabel, typeLabel } from './schema-text';
import { Prose } from './prose';

interface NodeProps {
  doc: Document;
  schema: Schema | Ref | undefined;
  /** `$ref` names above this node: a schema that contains itself is named, not unrolled forever. */
  above: string[];
  depth: number;
}

/** Nested fields deeper than this start folded, so a big body still reads top-down. */
const OPEN_DEPTH = 2;

/** Children shown at once, or folded in a disclosure that draws them only once opened. */
function Fold({ open, label, children }: { open: boolean; label: string; children: ComponentChildren }) {
  const shown = useSignal(false);
  if (open) return <>{children}</>;
  return (
    <details class="fold" onToggle={(e) => (shown.value = e.currentTarget.open)}>
      <summary>{label}</summary>
      {shown.value && children}
    </details>
  );
}

/** The children of a schema: an object's fields, an array's item fields, or the alternatives of a union. */
function Children({ doc, schema, above, depth }: NodeProps) {
  const { value, name } = resolve<Schema>(doc, schema);
  if (!value) return null;
  if (name && above.includes(name)) return <p class="muted">{name}, as above.</p>;
  const nextAbove = name ? [...above, name] : above;
  if (value.items && !value.properties) return <Children doc={doc} schema={value.items} above={nextAbove} depth={depth} />;
  const alternatives = value.oneOf ?? value.anyOf;
  if (alternatives) {
    const labels = discriminatorLabels(doc, alternatives);
    return (
      <Fold open={depth < OPEN_DEPTH} label={`${alternatives.length} alternatives`}>
        <ol class="alternatives">
          {alternatives.map((alt, i) => (
            <li key={i}>
              <span class="type">{labels?.[i] ?? shapeLabel(doc, alt)}</span>
              <Details doc={doc} schema={alt} />
              <Children doc={doc} schema={alt} above={nextAbove} depth={depth + 1} />
            </li>
          ))}
        </ol>
      </Fold>
    );
  }
  const fields = fieldsOf(doc, value);
  if (fields.length === 0) return null;
  return (
    <Fold open={depth < OPEN_DEPTH} label={`${fields.length} ${fields.length === 1 ? 'field' : 'fields'} of ${name ?? 'object'}`}>
      <ul class="fields">
        {fields.map((f) => (
          <li key={f.name}>
            <code class="field">{f.name}</code> <span class="type">{typeLabel(doc, f.schema)}</span>
            {f.required ? <span class="badge required">required</span> : <span class="badge">optional</span>}
            <Details doc={doc} schema={f.schema} />
            <Children doc={doc} schema={f.schema} above={nextAbove} depth={depth + 1} />
          </li>
        ))}
      </ul>
    </Fold>
  );
}

/** A node's description, allowed values and constraints. */
function Details({ doc, schema }: { doc: Document; schema: Schema | Ref | undefined }) {
  const value = resolve<Schema>(doc, schema).value;
  if (!value) return null;
  const items = value.items ? resolve<Schema>(doc, value.items).value : undefined;
  const values = value.enum ?? items?.enum;
  const limits = constraints(value);
  return (
    <>
      {value.description && <p class="desc"><Prose text={value.description} /></p>}
      {values && <p class="desc">One of: <code>{enumText(values)}</code></p>}
      {limits.length > 0 && <p class="desc muted">{limits.join(' · ')}</p>}
    </>
  );
}

/** A schema as a readable tree: fields with type, required or optional, description, allowed values and constraints. */
export function SchemaTree({ doc, schema }: { doc: Document; schema: Schema | Ref | undefined }) {
  return (
    <div class="schema">
      <p>
        <span class="type">{typeLabel(doc, schema)}</span>
      </p>
      <Details doc={doc} schema={schema} />
      <Children doc={doc} schema={schema} above={[]} depth={0} />
    </div>
  );
}
