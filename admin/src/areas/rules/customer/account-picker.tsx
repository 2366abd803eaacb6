import { useEffect, useState } from 'preact/hooks';
import type { RecentAccount } from '../../../../../shared/schemas/customer';
import { Button, relativeTime, TextField } from '../../../ui';
import { found, searchAccounts, searchError, searching } from './model';

interface Props {
  envId: string;
  /** The account last previewed, marked as chosen in the list. */
  chosen: string | null;
  onPick: (account: RecentAccount) => void;
}

const usageLine = (a: RecentAccount) =>
  Object.entries(a.usage)
    .map(([metric, value]) => `${metric} ${value.toLocaleString('en-US')}`)
    .join(', ');

/**
 * Search the accounts seen in the last 30 days by id, and pick one: a search field and a list of
 * buttons, so it works from the keyboard (Tab, Enter) and with a screen reader as plain controls do.
 */
export function AccountPicker({ envId, chosen, onPick }: Props) {
  const [q, setQ] = useState('');
  useEffect(() => {
    void searchAccounts(envId, '');
  }, [envId]);
  const search = (e: Event) => {
    e.preventDefault();
    void searchAccounts(envId, q);
  };
  const list = found.value;
  return (
    <div class="stack">
      <form class="row" role="search" aria-label="Recent accounts" onSubmit={search} noValidate>
        <TextField label="Search recent accounts by id" type="search" value={q} onValue={setQ} hint="Accounts seen in the last 30 days, by any part of their id." />
        <Button type="submit" busy={searching.value} busyLabel="Searching…">
          Search
        </Button>
      </form>
      {searchError.value ? (
        <p class="notice error" role="alert">
          {searchError.value}
        </p>
      ) : null}
      <p class="visually-hidden" role="status">
        {list === null ? '' : `${list.length} account${list.length === 1 ? '' : 's'} found`}
      </p>
      {list !== null && list.length === 0 ? <p class="empty">No account seen in the last 30 days matches “{q}”.</p> : null}
      {list?.length ? (
        <ul class="stack" aria-label="Accounts found">
          {list.map((a) => (
            <li key={a.accountId}>
              <Button small aria-pressed={a.accountId === chosen} onClick={() => onPick(a)}>
                Preview as {a.accountId}
              </Button>{' '}
              <span class="muted">
                {a.plan} · seen {relativeTime(a.lastSeen)}
                {usageLine(a) ? ` · ${usageLine(a)}` : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
