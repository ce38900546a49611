import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';

/**
 * Client-side answers carry exactly the fields a client may see: the key sets
 * are pinned, so a field added to a query (an internal note, a firm-side
 * state, a member id) shows up here instead of reaching the portal.
 */
let t: TestApp;
let client: string;
beforeEach(async () => {
  t = await createTestApp();
  client = (await t.signIn('demo', 'client@demo.test')).token;
});
afterEach(() => t.cleanup());

const keys = (value: object) => Object.keys(value).sort();
const portal = (method: string, path: string, body?: unknown) => t.request(method, `/api/v1/portal${path}`, { token: client, body });
const SUMMARY = ['assignedAt', 'checklistProgress', 'clientId', 'completedByFirm', 'dueDate', 'id', 'overdue', 'section', 'state', 'title', 'unread', 'unreadMessages', 'workId', 'workTitle'];
const DETAIL = [...SUMMARY, 'checklist', 'description', 'doneUploading'].sort();

describe('what a client is answered', () => {
  it('is exactly the session, the firm and the companies', async () => {
    const who = (await t.request('GET', '/api/v1/auth/session', { token: client })).json;
    expect(keys(who)).toEqual(['audience', 'clients', 'firm', 'lastClientId', 'preview', 'user']);
    expect(who.preview).toBeNull();
    expect(keys(who.user)).toEqual(['email', 'id', 'name']);
    expect(keys(who.firm)).toEqual(['branding', 'description', 'locale', 'name', 'portalActive', 'requestsEnabled', 'showWorkList', 'slug', 'welcomeVideoUrl']);
    expect(who.clients.length).toBeGreaterThan(0);
    for (const c of who.clients) expect(keys(c)).toEqual(['documentsUrl', 'id', 'name']);
    expect(keys((await t.request('GET', '/api/v1/public/firms/demo')).json)).toEqual(['branding', 'description', 'locale', 'name', 'portalActive', 'requestsEnabled', 'showWorkList', 'slug', 'welcomeVideoUrl']);
  });

  it('is exactly the task fields in the list, the detail, and every change', async () => {
    const list = (await portal('GET', '/tasks')).json;
    expect(keys(list)).toEqual(['items', 'nextCursor']);
    expect(list.items.length).toBeGreaterThan(0);
    for (const task of list.items) expect(keys(task)).toEqual(SUMMARY);
    const withItems = list.items.find((task: { checklistProgress: { total: number } }) => task.checklistProgress.total > 0);
    const detail = (await portal('GET', `/tasks/${withItems.id}`)).json;
    expect(keys(detail)).toEqual(DETAIL);
    expect(detail.checklist.length).toBeGreaterThan(0);
    for (const item of detail.checklist) expect(keys(item)).toEqual(['done', 'file', 'id', 'requestsFile', 'text']);
    expect(keys(detail.doneUploading)).toEqual(['at', 'offered']);
    expect(keys((await portal('PATCH', `/tasks/${detail.id}/checklist/${detail.checklist[0].id}`, { done: true })).json)).toEqual(DETAIL);
    expect(keys((await portal('POST', `/tasks/${detail.id}/complete`)).json)).toEqual(DETAIL);
    expect(keys((await portal('POST', `/tasks/${detail.id}/reopen`)).json)).toEqual(DETAIL);
  });

  it('is exactly the work in progress and the self-service offers', async () => {
    const who = (await t.request('GET', '/api/v1/auth/session', { token: client })).json;
    let works = 0;
    for (const c of who.clients) {
      const page = (await portal('GET', `/work?clientId=${c.id}`)).json;
      expect(keys(page)).toEqual(['items', 'nextCursor']);
      for (const work of page.items) expect(keys(work)).toEqual(['id', 'startDate', 'status', 'title']);
      works += page.items.length;
      const offers = (await portal('GET', `/templates?clientId=${c.id}`)).json;
      for (const offer of offers.items) expect(keys(offer)).toEqual(['description', 'id', 'title']);
    }
    expect(works).toBeGreaterThan(0);
  });

  it('is exactly the request and message fields, never an assignment or a visibility other than portal', async () => {
    const who = (await t.request('GET', '/api/v1/auth/session', { token: client })).json;
    const created = await portal('POST', '/requests', { clientId: who.clients[0].id, subject: 'Last year', body: 'Please send the report' });
    expect(created.status).toBe(201);
    const REQUEST = ['body', 'clientId', 'createdAt', 'id', 'state', 'subject', 'task', 'unreadMessages', 'updatedAt'];
    expect(keys(created.json)).toEqual(REQUEST);
    expect(keys((await portal('GET', `/requests/${created.json.id}`)).json)).toEqual(REQUEST);
    for (const r of (await portal('GET', '/requests')).json.items) expect(keys(r)).toEqual(REQUEST);
    const message = await portal('POST', `/requests/${created.json.id}/messages`, { body: 'And the invoices' });
    const MESSAGE = ['attachments', 'author', 'body', 'createdAt', 'id', 'mine', 'replyToId', 'via', 'visibility'];
    expect(keys(message.json)).toEqual(MESSAGE);
    expect(keys(message.json.author)).toEqual(['id', 'name', 'type']);
    for (const m of (await portal('GET', `/requests/${created.json.id}/messages`)).json.items) expect(keys(m)).toEqual(MESSAGE);
  });
});
