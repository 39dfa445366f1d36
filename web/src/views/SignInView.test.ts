import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import SignInView from './SignInView.vue';
import AppHeader from '../components/layout/AppHeader.vue';
import { useSessionStore } from '../stores/session.ts';
import { installStrictFetch } from '../testing/strict-fetch.ts';
import { TEST_TOKEN, signInForTest } from '../testing/session.ts';

let pinia: Pinia;

describe('sign-in screen and who is signed in', () => {
  beforeEach(() => {
    pinia = createPinia();
    setActivePinia(pinia);
    sessionStorage.clear();
  });
  afterEach(() => sessionStorage.clear());

  it('explains what a token is and where to get one', () => {
    const text = mount(SignInView, { global: { plugins: [pinia] } }).text();
    expect(text).toContain('A long code starting with pw_');
    expect(text).toContain('npx portwatch token add --name <your name> --role viewer');
    expect(text).toContain('printed once in the terminal where Portwatch was started');
  });

  it('signs in with the pasted token, and says why a wrong one is refused', async () => {
    installStrictFetch({ '/api/session': { name: 'soc-night', role: 'operator', may: '', siteId: 'valencia' } });
    const wrapper = mount(SignInView, { global: { plugins: [pinia] } });
    await wrapper.get('[data-testid="token-input"]').setValue('pw_wrong');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="sign-in-problem"]').text()).toMatch(/This token is not accepted/);
    await wrapper.get('[data-testid="token-input"]').setValue(TEST_TOKEN);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(useSessionStore().signedIn).toBe(true);
  });

  it('says why the user was signed out', async () => {
    useSessionStore().signOut('The server no longer accepts your access token; it may have been revoked.');
    const wrapper = mount(SignInView, { global: { plugins: [pinia] } });
    expect(wrapper.get('[data-testid="signed-out-reason"]').text()).toBe(
      'You were signed out. The server no longer accepts your access token; it may have been revoked. Sign in again to continue.',
    );
  });

  it('shows the signed-in name and role in the header, and signs out from there', async () => {
    const session = signInForTest('admin', 'duty-manager');
    const header = mount(AppHeader, { global: { plugins: [pinia] } });
    expect(header.get('[data-testid="signed-in-as"]').text()).toBe('duty-manager admin');
    await header.get('[data-testid="sign-out"]').trigger('click');
    expect(session.signedIn).toBe(false);
    expect(session.signedOutReason).toBeNull();
    expect(header.find('[data-testid="signed-in-as"]').exists()).toBe(false);
  });
});
