// Test-only: a signed-in session, as after a real sign-in, so that stores and components
// send a token the strict API mock accepts. Nothing switches the token off.
import { setApiToken } from '../services/api.ts';
import { useSessionStore, type Role } from '../stores/session.ts';

export const TEST_TOKEN = 'pw_test-token-for-web-tests-0000000000000000000';

/** Needs an active Pinia. */
export function signInForTest(role: Role = 'viewer', name = `test-${role}`) {
  const session = useSessionStore();
  session.token = TEST_TOKEN;
  session.user = { name, role, may: '', siteId: 'valencia' };
  session.state = 'signed-in';
  setApiToken(TEST_TOKEN);
  return session;
}
