/**
 * A stateful stand-in for the issue 9 client routes, on top of {@link FakeApi}:
 * a thread's messages (`GET` newest first with cursor paging and marking it
 * read, `POST` with the server's refusals), and the contact's requests
 * (`GET|POST /portal/requests`, 403 `requests_off` when the firm turned them off).
 */
import type { PortalFile, PortalMessage, PortalRequest } from '../api-types.ts';
import { errorBody, type FakeApi, type RecordedCall } from './helpers.ts';

let clock = Date.UTC(2025, 2, 14, 9);
const next = () => (clock += 60_000);

export const message = (id: string, body: string, extra: Partial<PortalMessage> = {}): PortalMessage => ({
  id,
  body,
  visibility: 'portal',
  author: { type: 'member', id: 'mem_mari', name: 'Mari Maasikas' },
  replyToId: null,
  via: 'portal',
  createdAt: next(),
  mine: false,
  attachments: [],
  ...extra,
});

export const portalRequest = (id: string, subject: string, extra: Partial<PortalRequest> = {}): PortalRequest => ({
  id,
  clientId: 'cli_north',
  subject,
  body: `About: ${subject}`,
  state: 'open',
  task: null,
  createdAt: next(),
  updatedAt: clock,
  unreadMessages: 0,
  ...extra,
});

export class ThreadFake {
  /** Messages per thread id, oldest first. */
  readonly threads = new Map<string, PortalMessage[]>();
  requests: PortalRequest[] = [];
  /** The firm takes new requests (and first messages on a task). */
  requestsEnabled = true;
  /** The next message or request POSTs that fail (`0`: the connection drops; `400`: a file it will not attach). */
  failNext: number[] = [];
  /** The files listed for a request (`GET /portal/requests/:id/files`). */
  readonly requestFiles = new Map<string, PortalFile[]>();
  /** Requests per page of `GET /portal/requests`. */
  pageSize = 50;
  /** Threads opened (their GET), in order. */
  readonly reads: string[] = [];
  #ids = 0;

  constructor(readonly api: FakeApi) {
    api.on('GET /portal/requests', (call) => {
      const from = Number(call.query.get('cursor') ?? 0);
      const items = this.requests.slice(from, from + this.pageSize);
      return { body: { items, nextCursor: from + this.pageSize < this.requests.length ? String(from + this.pageSize) : null } };
    });
    api.on('POST /portal/requests', (call) => this.#createRequest(call));
  }

  /** Routes the messages of a task (`tsk_…`) or request (`req_…`) thread. */
  thread(kind: 'task' | 'request', id: string, messages: PortalMessage[] = []): void {
    this.threads.set(id, messages);
    const base = `/portal/${kind}s/${id}/messages`;
    this.api.on(`GET ${base}`, (call) => {
      this.reads.push(id);
      const request = this.requests.find((r) => r.id === id);
      if (request) request.unreadMessages = 0;
      const all = [...(this.threads.get(id) ?? [])].reverse();
      const limit = Number(call.query.get('limit') ?? 50);
      const from = Number(call.query.get('cursor') ?? 0);
      return { body: { items: all.slice(from, from + limit), nextCursor: from + limit < all.length ? String(from + limit) : null } };
    });
    this.api.on(`POST ${base}`, (call) => this.#post(kind, id, call));
    if (kind === 'request') this.api.on(`GET /portal/requests/${id}/files`, () => ({ body: { items: this.requestFiles.get(id) ?? [], nextCursor: null } }));
  }

  #failure() {
    const status = this.failNext.shift();
    if (status === 400) return { status, body: { error: { ...errorBody('validation_failed').error, issues: [{ path: 'fileIds', message: 'A file cannot be attached' }] } } };
    return status === undefined ? null : { status, body: errorBody(status === 0 ? 'network' : 'internal') };
  }

  #post(kind: 'task' | 'request', id: string, call: RecordedCall) {
    const failed = this.#failure();
    if (failed) return failed;
    const input = call.body as { body: string; replyToId?: string; fileIds?: string[] };
    const list = this.threads.get(id) ?? [];
    if (!input.body?.trim() || input.body.length > 10_000) return { status: 400, body: errorBody('validation_failed') };
    const request = this.requests.find((r) => r.id === id);
    if (request && (request.state === 'closed' || request.state === 'converted')) return { status: 409, body: errorBody('conflict', 'This request is closed') };
    if (kind === 'task' && !this.requestsEnabled && !list.length) return { status: 403, body: errorBody('requests_off', 'Demo Accounting does not take new conversations.') };
    const sent = message(`msg_new${++this.#ids}`, input.body.trim(), {
      mine: true,
      author: { type: 'contact', id: 'con_1', name: 'Kati Klient' },
      replyToId: input.replyToId ?? null,
      attachments: (input.fileIds ?? []).map((f) => ({ id: f, name: `${f}.pdf`, size: 1024, type: 'application/pdf', downloadUrl: `https://api.test/api/v1/files/${f}/download?signature=x` })),
    });
    list.push(sent);
    this.threads.set(id, list);
    return { status: 201, body: sent };
  }

  #createRequest(call: RecordedCall) {
    const failed = this.#failure();
    if (failed) return failed;
    if (!this.requestsEnabled) return { status: 403, body: errorBody('requests_off', 'Demo Accounting does not take new requests in the portal.') };
    const input = call.body as { clientId?: string; subject: string; body: string };
    if (!input.subject?.trim() || input.subject.length > 200 || !input.body?.trim() || input.body.length > 10_000) {
      return { status: 400, body: errorBody('validation_failed') };
    }
    const created = portalRequest(`req_new${++this.#ids}`, input.subject, { body: input.body, clientId: input.clientId ?? 'cli_north' });
    this.requests.unshift(created);
    this.thread('request', created.id);
    return { status: 201, body: created };
  }
}
