import { computed, signal } from '@preact/signals';
import type { SessionView, SetupStatus, User } from '../../../shared/schemas/admin';
import { api, ApiFailure, onSessionEnded, setCsrfToken } from '../api';
import { navigate } from '../router';

/**
 * Who is signed in. `phase` says which screen family the frame shows: nothing yet (`booting`),
 * the console (`signed-in`), the first-run setup, the sign-in form, or a failed boot.
 */
export type Phase = 'booting' | 'signed-in' | 'setup' | 'signed-out' | 'boot-failed';

export const phase = signal<Phase>('booting');
export const user = signal<User | null>(null);
/** Why the person was signed out without asking, shown on the sign-in screen. */
export const signedOutReason = signal<string | null>(null);
export const bootError = signal<string | null>(null);

export const role = computed(() => user.value?.role ?? null);

/** Starts a session from any answer that carries one (sign-in, setup, invite, `/me`). */
export function startSession(view: SessionView): void {
  setCsrfToken(view.csrfToken);
  user.value = view.user;
  signedOutReason.value = null;
  phase.value = 'signed-in';
}

function endSession(reason: string | null): void {
  setCsrfToken(null);
  user.value = null;
  signedOutReason.value = reason;
  phase.value = 'signed-out';
}

/** A sign-out the person chose: the sign-in page, without a way back to where they were. */
function signedOutByChoice(reason: string | null): void {
  endSession(reason);
  navigate('/admin/sign-in', { force: true });
}

/** `GET /me`; on 401 asks whether the server still needs its first owner. */
export async function boot(): Promise<void> {
  phase.value = 'booting';
  bootError.value = null;
  try {
    startSession(await api<SessionView>('GET', '/v1/admin/me'));
  } catch (e) {
    if (!(e instanceof ApiFailure) || e.status !== 401) {
      bootError.value = e instanceof Error ? e.message : String(e);
      phase.value = 'boot-failed';
      return;
    }
    try {
      const setup = await api<SetupStatus>('GET', '/v1/admin/setup');
      setCsrfToken(null);
      phase.value = setup.needed ? 'setup' : 'signed-out';
    } catch (err) {
      bootError.value = err instanceof Error ? err.message : String(err);
      phase.value = 'boot-failed';
    }
  }
}

// A 401 on any signed-in call means the session ended elsewhere (signed out everywhere, expired).
onSessionEnded(() => {
  if (phase.value === 'signed-in') endSession('Your session ended. Sign in again to continue.');
});

/** Signs out this browser. */
export async function signOut(): Promise<void> {
  try {
    await api('DELETE', '/v1/admin/session');
  } finally {
    signedOutByChoice(null);
  }
}

/** Signs out every session of this person, this one included. */
export async function signOutEverywhere(): Promise<void> {
  await api('DELETE', '/v1/admin/sessions');
  signedOutByChoice('You signed out of every device.');
}

/** The person changed their name or role elsewhere in the console (People): keep the header current. */
export function updateUser(next: User): void {
  if (user.value?.id === next.id) user.value = next;
}
