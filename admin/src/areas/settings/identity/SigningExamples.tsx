import { useState } from 'preact/hooks';
import { CopyButton } from '../../../ui';
import { Tabs } from '../../common/Tabs';
import { SIGNING_EXAMPLES, SIGNING_LANGUAGES, type SigningLanguage } from './signing-examples';

/** How a backend signs the token, one tab per language, each copyable. */
export function SigningExamples() {
  const [language, setLanguage] = useState<SigningLanguage>('Node');
  return (
    <div class="card stack">
      <h3>Sign tokens on your backend</h3>
      <p>
        Sign on your server, never in the browser, with the secret in <code>UPSHIFT_IDENTITY_SECRET</code>, and pass the token to <code>Upshift.identify</code> as{' '}
        <code>token</code>. Each token is an HS256 JWT with <code>sub</code> (the user id), <code>account</code> (the account id) and <code>exp</code>: an hour, as here, and at most 7 days ahead.
      </p>
      <Tabs
        label="Signing example language"
        tabs={SIGNING_LANGUAGES.map((lang) => ({
          id: lang,
          label: lang,
          render: () => (
            <div class="stack">
              <div class="row end">
                <CopyButton text={SIGNING_EXAMPLES[lang]} label={`Copy ${lang} example`} />
              </div>
              <pre class="code" tabIndex={0} aria-label={`${lang} signing example`}>
                <code>{SIGNING_EXAMPLES[lang]}</code>
              </pre>
            </div>
          ),
        }))}
        selected={language}
        onSelect={(id) => setLanguage(id as SigningLanguage)}
      />
    </div>
  );
}
