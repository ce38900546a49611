// A page where <client-portal> is never defined (each test file runs in its own page).
import { html } from 'lit';
import { expect } from 'chai';
import './define.ts';
import type { ClientTaskList } from './client-task-list.ts';
import { sessionStore } from '../internal/session-store.ts';
import {
  $,
  FakeApi,
  afterEach,
  cleanupFixtures,
  describe,
  expectAccessible,
  fixture,
  it,
  waitFor,
} from '../internal/testing/helpers.ts';
import { API, FIRM, taskSummaries } from '../internal/testing/fixtures.ts';

describe('<client-task-list> in a <client-portal> that is never defined', () => {
  afterEach(() => {
    cleanupFixtures();
    localStorage.clear();
  });

  it('works alone with its api and firm instead of waiting for the portal', async () => {
    const api = new FakeApi({ 'GET /portal/tasks': { body: { items: taskSummaries() } } });
    try {
      sessionStore.saveToken(API, FIRM, 'ses_alone');
      const host = await fixture<HTMLElement>(
        html`<client-portal><client-task-list api=${API} firm=${FIRM}></client-task-list></client-portal>`,
      );
      const list = host.querySelector<ClientTaskList>('client-task-list')!;
      await waitFor(() => $(list, '[data-task-id="tsk_unread"]'), 'the tasks');
      expect(customElements.get('client-portal')).to.equal(undefined);
      expect(api.callsTo('GET /portal/tasks')[0]?.headers.get('authorization')).to.equal('Bearer ses_alone');
      await expectAccessible(list);
    } finally {
      api.restore();
    }
  });
});
