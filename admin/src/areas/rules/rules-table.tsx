import type { RuleOverviewRow } from '../../../../shared/schemas/rule-overview';
import { Button } from '../../ui';
import { labelOf, SURFACES, TRIGGERS } from './list-query';
import { StateCell, WarningsCell, WeekCell } from './rule-cells';

export interface RowActions {
  open: (row: RuleOverviewRow) => void;
  move: (row: RuleOverviewRow, other: RuleOverviewRow, up: boolean) => void;
  duplicate: (row: RuleOverviewRow) => void;
  pause: (row: RuleOverviewRow, paused: boolean) => void;
}

interface Props {
  rows: readonly RuleOverviewRow[];
  /** The shown rules a move can pass: drafts that validate, in the order shown. */
  movable: readonly RuleOverviewRow[];
  canEdit: boolean;
  /**
   * While an action runs the others are marked unavailable (and ignored by the list): two at once
   * could save priorities from a stale list. Not `disabled`, which would drop the keyboard focus.
   */
  busy: boolean;
  describedBy: string;
  actions: RowActions;
}

const words = (v: string | null) => (v === null ? <span class="muted">—</span> : v);

/** The rules, highest priority first (the order in which interruptive surfaces win), with their state, lint and last 7 days. */
export function RulesTable({ rows, movable, canEdit, busy, describedBy, actions }: Props) {
  return (
    <div class="table-wrap">
      <table class="table rules-list" aria-describedby={describedBy}>
        <caption>Draft rules</caption>
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col">Priority</th>
            <th scope="col">Surface</th>
            <th scope="col">Trigger</th>
            <th scope="col">Warnings</th>
            <th scope="col">Last 7 days</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const at = movable.indexOf(r);
            const above = at > 0 ? movable[at - 1] : undefined;
            const below = at >= 0 ? movable[at + 1] : undefined;
            const pausable = canEdit && r.valid && (r.draftStatus === 'live' || r.draftStatus === 'paused');
            return (
              <tr key={r.id}>
                <td>
                  <code>{r.id}</code>
                </td>
                <td>{words(r.name)}</td>
                <td>
                  <StateCell row={r} />
                </td>
                <td>{words(r.priority === null ? null : String(r.priority))}</td>
                <td>{words(labelOf(SURFACES, r.surface))}</td>
                <td>{words(labelOf(TRIGGERS, r.trigger))}</td>
                <td>
                  <WarningsCell row={r} />
                </td>
                <td>
                  <WeekCell row={r} />
                </td>
                <td>
                  {r.removed ? (
                    <span class="muted">Deleted from the drafts</span>
                  ) : (
                    <div class="row actions">
                      <Button small onClick={() => actions.open(r)} aria-label={`${canEdit ? 'Edit' : 'View'} rule ${r.id}`}>
                        {canEdit ? 'Edit' : 'View'}
                      </Button>
                      {canEdit && at >= 0 ? (
                        <>
                          <Button small disabled={!above} aria-disabled={busy || undefined} onClick={() => above && actions.move(r, above, true)} aria-label={`Move ${r.id} up`}>
                            Up
                          </Button>
                          <Button small disabled={!below} aria-disabled={busy || undefined} onClick={() => below && actions.move(r, below, false)} aria-label={`Move ${r.id} down`}>
                            Down
                          </Button>
                        </>
                      ) : null}
                      {canEdit && r.valid ? (
                        <Button small aria-disabled={busy || undefined} onClick={() => actions.duplicate(r)} aria-label={`Duplicate ${r.id}`}>
                          Duplicate
                        </Button>
                      ) : null}
                      {pausable ? (
                        <Button small aria-disabled={busy || undefined} onClick={() => actions.pause(r, r.draftStatus === 'live')} aria-label={`${r.draftStatus === 'live' ? 'Pause' : 'Resume'} ${r.id}`}>
                          {r.draftStatus === 'live' ? 'Pause' : 'Resume'}
                        </Button>
                      ) : null}
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
