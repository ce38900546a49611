import { html } from 'lit';
import '../../client-portal/define.ts';
import '../../client-task-list/define.ts';
import type { ClientPortal } from '../../client-portal/client-portal.ts';
import type { ClientTaskList } from '../../client-task-list/client-task-list.ts';
import { sessionStore } from '../session-store.ts';
import { fixture } from './helpers.ts';
import { API, FIRM } from './fixtures.ts';

/** A signed-in `<client-portal>` (a stored session) with a `<client-task-list>` inside, as a firm's page has them. */
export async function renderInPortal(lang = 'en'): Promise<{ portal: ClientPortal; list: ClientTaskList }> {
  sessionStore.saveToken(API, FIRM, 'ses_stored');
  const portal = await fixture<ClientPortal>(
    html`<client-portal api=${API} firm=${FIRM} lang=${lang}><client-task-list></client-task-list></client-portal>`,
  );
  return { portal, list: portal.querySelector('client-task-list')! };
}
