import '../../admin/styles.css';
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { ContentSection } from '../../admin/src/areas/rules/content';
import { RulePreview } from '../../admin/src/areas/rules/preview';
import { previewAccount, type PreviewAccount } from '../../admin/src/model/preview-account';
import type { Catalog } from '../../shared/schemas/catalog';
import type { Settings } from '../../shared/schemas/settings';

// The rule editor's content section and live preview on a page of their own, with the console's
// stylesheet and CSP (see preview-page.ts): what the editor embeds, before it does.

interface Props {
  rule: Record<string, unknown>;
  catalog: Catalog;
  settings: Settings | null;
  account: PreviewAccount;
}

const props = JSON.parse(document.getElementById('props')!.textContent!) as Props;
previewAccount.value = props.account;

function Editor() {
  const [rule, setRule] = useState(props.rule);
  return (
    <main id="main">
      {/* The console's headings: the Rules page, then the editor's; the sections are h3 under it. */}
      <h1>Rules</h1>
      <h2>Edit rule {String(rule.id)}</h2>
      <ContentSection rule={rule} onChange={setRule} errors={{}} catalog={props.catalog} envId="env" />
      <RulePreview rule={rule} catalog={props.catalog} settings={props.settings} />
    </main>
  );
}

render(<Editor />, document.getElementById('app')!);
