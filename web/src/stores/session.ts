// Who is signed in: the access token (kept in sessionStorage, so it is gone when the tab is
// closed), the name and role the server says it stands for, and why the user was signed out.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiError, api, setApiToken, setUnauthorizedHandler } from '../services/api.ts';
import type { SessionView } from '../services/api-types.ts';
// The roles without the rest of the schema package (its validator stays out of the bundle).
import { roleAllows, type AccessRole } from '@portwatch/schema/roles';

export const TOKEN_KEY = 'portwatch.token';
export type Role = AccessRole;

export type SessionState = 'signed-out' | 'checking' | 'signed-in';

/** The token in a sign-in link (`#/login?token=…`): a fragment, so it never reaches a server log. */
export function tokenFromHash(hash: string): string | null {
  const m = /^#\/?login\?(.*)$/.exec(hash);
  return m ? new URLSearchParams(m[1]).get('token') : null;
}

/** What to tell the user when a token is not accepted at sign-in. */
export function signInProblem(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 401)
      return 'This token is not accepted: it may be mistyped, cut short when copied, or revoked. Paste the whole token (it starts with pw_), or ask for a new one.';
    if (err.status === 429) {
      const wait = /in (\d+) s/.exec(err.message)?.[1];
      return `Too many failed sign-ins from this computer: wait ${wait ? `${wait} seconds` : 'a minute'}, then try again.`;
    }
    if (err.status === 0)
      return 'Cannot reach the Portwatch server. Check that it is running and that this computer can reach it, then try again.';
    return `The server could not check the token (${err.message}).`;
  }
  return `Sign-in failed: ${(err as Error).message}`;
}

export const useSessionStore = defineStore('session', () => {
  const state = ref<SessionState>('signed-out');
  const token = ref<string | null>(null);
  const user = ref<SessionView | null>(null);
  /** Why the user is looking at the sign-in screen again (a revoked token, say); null on a plain start. */
  const signedOutReason = ref<string | null>(null);
  /** Why the last sign-in attempt failed. */
  const problem = ref<string | null>(null);

  const signedIn = computed(() => state.value === 'signed-in');
  const name = computed(() => user.value?.name ?? null);
  const role = computed<Role | null>(() => user.value?.role ?? null);

  /** Whether the signed-in role may do what needs `needed` (the server checks again). */
  function can(needed: Role): boolean {
    return role.value !== null && roleAllows(role.value, needed);
  }

  async function signIn(candidate: string): Promise<boolean> {
    const value = candidate.trim();
    if (!value) {
      problem.value = 'Paste your access token first.';
      return false;
    }
    state.value = 'checking';
    problem.value = null;
    try {
      const who = await api.session(value);
      token.value = value;
      user.value = who;
      setApiToken(value);
      sessionStorage.setItem(TOKEN_KEY, value);
      signedOutReason.value = null;
      state.value = 'signed-in';
      return true;
    } catch (err) {
      state.value = 'signed-out';
      problem.value = signInProblem(err);
      return false;
    }
  }

  function signOut(reason: string | null = null): void {
    sessionStorage.removeItem(TOKEN_KEY);
    setApiToken(null);
    token.value = null;
    user.value = null;
    signedOutReason.value = reason;
    problem.value = null;
    state.value = 'signed-out';
  }

  /**
   * At page load: a sign-in link's token (then removed from the address bar and history), or
   * the token this tab signed in with before a reload.
   */
  async function restore(
    loc: Pick<Location, 'hash' | 'pathname' | 'search'> = location,
    hist: Pick<History, 'replaceState'> = history,
  ): Promise<void> {
    const fromLink = tokenFromHash(loc.hash);
    if (fromLink) hist.replaceState(null, '', `${loc.pathname}${loc.search}#/`);
    const stored = sessionStorage.getItem(TOKEN_KEY);
    const candidate = fromLink ?? stored;
    if (!candidate) return;
    const ok = await signIn(candidate);
    if (!ok && !fromLink && problem.value?.startsWith('This token is not accepted')) {
      sessionStorage.removeItem(TOKEN_KEY);
      signedOutReason.value = 'The token this tab was signed in with is no longer accepted (it may have been revoked).';
      problem.value = null;
    }
  }

  /** After the live link was refused: ask the server whether the token still stands (a 401 signs out). */
  async function recheck(): Promise<void> {
    if (!signedIn.value) return;
    await api.session().catch(() => undefined);
  }

  setUnauthorizedHandler((message, reason) => {
    if (state.value !== 'signed-in') return;
    signOut(
      reason === 'invalid_token'
        ? 'The server no longer accepts your access token; it may have been revoked. If you did not expect that, ask whoever runs Portwatch for a new one.'
        : `The server asked to sign in again (${message}).`,
    );
  });

  return { state, token, user, name, role, signedIn, signedOutReason, problem, can, signIn, signOut, restore, recheck };
});
