import { useEffect, useRef, useState } from 'preact/hooks';
import type { RuleOverviewRow } from '../../../../shared/schemas/rule-overview';
import { duplicateRule, overview, reorder, setPaused, syncOverview } from '../../model/rule-overview';
import { rules, versions } from '../../model/rules';
import { navigate, path } from '../../router';
import { Empty, Loaded, toast } from '../../ui';
import { applyQuery, readQuery, writeQuery, type ListQuery } from './list-query';
import { RulesFilters } from './rules-filters';
import { RulesTable, type RowActions } from './rules-table';
import './rules-list.css';

interface Props {
  envId: string;
  canEdit: boolean;
  onOpen: (id: string) => void;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The rules list: search and filters kept in the URL, and (for editors) reordering, duplicating,
 * pausing and resuming, each saved as a draft. After an action the focus returns to the button
 * that carries on from it, since the row may have moved.
 */
export function RulesList({ envId, canEdit, onOpen }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const focusAfter = useRef<string[]>([]);
  const box = useRef<HTMLDivElement>(null);
  const url = path.value;
  const query = readQuery(url);
  const setQuery = (next: ListQuery) => {
    // Same page, so no unsaved-changes question; replace, so Back leaves the page rather than undoing keystrokes.
    navigate(writeQuery(url.split('?')[0] ?? url, next), { replace: true, force: true });
  };

  const drafts = rules.data.value;
  const published = versions.data.value;
  useEffect(() => syncOverview(envId), [envId, drafts, published]);
  useEffect(() => {
    if (busy || !focusAfter.current.length) return;
    const labels = focusAfter.current;
    focusAfter.current = [];
    const buttons = [...(box.current?.querySelectorAll('button') ?? [])].filter((b) => !b.disabled);
    for (const label of labels) {
      const target = buttons.find((b) => b.getAttribute('aria-label') === label);
      if (target) return target.focus();
    }
  });

  const run = async (work: () => Promise<string>, focus: (done: boolean) => string[]) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    let done = false;
    try {
      toast(await work());
      done = true;
    } catch (e) {
      setError(message(e));
    } finally {
      focusAfter.current = focus(done);
      setBusy(false);
    }
  };

  const actions: RowActions = {
    open: (r) => onOpen(r.id),
    move: (r, other, up) =>
      void run(
        async () => {
          await reorder(envId, r, other, up);
          const now = overview.data.value?.rules.find((x) => x.id === r.id);
          return `Moved "${r.id}" ${up ? 'up' : 'down'}${now?.priority != null ? ` to priority ${now.priority}` : ''}. Publish to make the new order live.`;
        },
        () => [`Move ${r.id} ${up ? 'up' : 'down'}`, `Move ${r.id} ${up ? 'down' : 'up'}`],
      ),
    duplicate: (r) => {
      let copy = '';
      void run(
        async () => {
          copy = await duplicateRule(envId, r.id);
          return `Duplicated "${r.id}" as "${copy}", a draft.`;
        },
        (done) => (done ? [`Edit rule ${copy}`, `Duplicate ${r.id}`] : [`Duplicate ${r.id}`]),
      );
    },
    pause: (r, paused) =>
      void run(
        async () => {
          await setPaused(envId, r.id, paused);
          return paused
            ? `"${r.id}" is paused in the drafts. Customers keep seeing it until you publish.`
            : `"${r.id}" is live again in the drafts. Customers see it once you publish.`;
        },
        (done) => [`${paused === done ? 'Resume' : 'Pause'} ${r.id}`],
      ),
  };

  // No drafts and nothing live: the page's own empty state says how to start.
  if (overview.data.value?.rules.length === 0) return null;
  return (
    <div ref={box}>
      <RulesFilters value={query} onChange={setQuery} />
      <p id="rules-list-help" class="muted">
        Highest priority first: when several rules want a banner, toast or modal at the same time, the one with the higher priority shows.
        {canEdit ? ' Move a rule up or down to change its priority; like every change here, it is a draft until you publish.' : ''}
      </p>
      {error ? (
        <p class="notice error" role="alert">
          {error}
        </p>
      ) : null}
      <Loaded resource={overview} what="the rules list">
        {(data) => {
          const shown = applyQuery(data.rules, query);
          const movable = shown.filter((r: RuleOverviewRow) => r.valid && !r.removed);
          return (
            <>
              <p class="muted">
                Exposures, impressions, clicks and conversions: the last 7 days ({data.stats.from} to {data.stats.to}, UTC). A dash means no figures are recorded yet.
              </p>
              {shown.length ? (
                <RulesTable rows={shown} movable={movable} canEdit={canEdit} busy={busy} describedBy="rules-list-help" actions={actions} />
              ) : (
                <Empty>No rules match this search and these filters.</Empty>
              )}
            </>
          );
        }}
      </Loaded>
    </div>
  );
}
