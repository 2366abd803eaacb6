import { useState } from 'preact/hooks';
import { Button } from '../../ui';
import { PublishDialog } from './publish-dialog';
import { VersionsTable } from './versions-table';

/**
 * Publishing and the published versions. Only publishers and owners see "Review and publish" and
 * the rollbacks; everyone sees the versions.
 */
export function PublishPanel({ envId, envName, canPublish }: { envId: string; envName: string; canPublish: boolean }) {
  const [reviewing, setReviewing] = useState(false);
  return (
    <section aria-labelledby="publish-title">
      <h2 id="publish-title">Published versions</h2>
      {canPublish ? (
        <div class="card">
          <p>Publishing turns the drafts (rules, catalog and settings) into a new version; widgets pick it up on their next config check.</p>
          <Button variant="primary" onClick={() => setReviewing(true)}>
            Review and publish
          </Button>
        </div>
      ) : null}
      <VersionsTable envId={envId} canPublish={canPublish} />
      <PublishDialog envId={envId} envName={envName} open={reviewing} onClose={() => setReviewing(false)} />
    </section>
  );
}
