import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { files } from '../../db/schema.ts';
import { createTestApp, type TestApp } from '../../test/fixtures/test-app.ts';
import { fileMessageVisibleTo } from './visibility.ts';

/** `fileMessageVisibleTo`: a file attached to an internal comment stays in the firm; the files module adds it to its client reads. */
let t: TestApp;
beforeEach(async () => { t = await createTestApp(); });
afterEach(() => t.cleanup());

const one = async (sql: string) => String((await t.db.$client.execute(sql)).rows[0]!.id);

describe('files and the messages they are attached to', () => {
  it('a client sees a file on no message or on a portal message, never one on an internal comment', async () => {
    const owner = (await t.signIn('demo', 'owner@demo.test', 'staff')).token;
    const taskId = await one("select id from tasks where title = 'Send March receipts'");
    const ownerId = await one("select id from members where email = 'owner@demo.test'");
    const scope = { firmId: await one("select id from firms where slug = 'demo'"), contactId: await one("select id from contacts where email = 'client@demo.test'") };
    for (const id of ['fil_loose', 'fil_portal', 'fil_internal']) {
      await t.db.$client.execute({
        sql: `insert into files (id, firm_id, client_id, task_id, name, size, type, sha256, blob_key, uploaded_by_type, uploaded_by_id, created_at)
              select ?, firm_id, client_id, id, 'a.pdf', 1, 'application/pdf', 'x', ?, 'member', ?, 1 from tasks where id = ?`,
        args: [id, `k/${id}`, ownerId, taskId],
      });
    }
    for (const [fileId, visibility] of [['fil_portal', 'portal'], ['fil_internal', 'internal']]) {
      const res = await t.request('POST', `/api/v1/firm/tasks/${taskId}/messages`, { token: owner, body: { body: 'see file', visibility, fileIds: [fileId] } });
      expect(res.status).toBe(201);
    }
    const visible = await t.db.select({ id: files.id }).from(files).where(and(eq(files.taskId, taskId), fileMessageVisibleTo(scope))).orderBy(files.id);
    expect(visible.map((f) => f.id)).toEqual(['fil_loose', 'fil_portal']);
  });
});
