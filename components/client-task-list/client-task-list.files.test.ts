// Issue 8 in the task detail: the task's files (download, delete while allowed), its upload zone (loaded
// lazily), document requests with their review state and their own uploads, "Done uploading";
// and the portal's "Documents" link.
import { expect } from 'chai';
import { setViewport } from '@web/test-runner-commands';
import '../client-portal/define.ts';
import './define.ts';
import type { ClientTaskList } from './client-task-list.ts';
import type { PortalChecklistItem, TaskDetail, SessionInfo } from '../internal/api-types.ts';
import { renderInPortal } from '../internal/testing/portal-fixture.ts';
import {
  $,
  FakeApi,
  afterEach,
  beforeEach,
  button,
  cleanupFixtures,
  describe,
  expectAccessible,
  it,
  textOf,
  waitFor,
} from '../internal/testing/helpers.ts';
import { FIRM, firm, sessionInfo } from '../internal/testing/fixtures.ts';
import { PortalFake, documentTask, portalFile } from '../internal/testing/portal-fake.ts';
import { UploadFake } from '../internal/testing/upload-fake.ts';

const status = (list: ClientTaskList) => $(list, '[role=status]')?.textContent?.trim() ?? '';
const zones = (list: ClientTaskList) => [...list.shadowRoot!.querySelectorAll('upload-zone')];
const requestRows = (list: ClientTaskList) =>
  [...list.shadowRoot!.querySelectorAll('[part~=document-request]')].map((li) =>
    [...li.querySelectorAll('.item-text, .review')].map((el) => el.textContent!.trim()).join(' | '),
  );

async function openDocs(list: ClientTaskList): Promise<void> {
  (await waitFor(() => $<HTMLButtonElement>(list, '[data-task-id="tsk_docs"]'), 'the task')).click();
  await waitFor(() => $(list, '[part~=files]') && customElements.get('upload-zone'), 'the files and the upload zone');
}

describe('<client-task-list> files and document requests', () => {
  let api: FakeApi;
  let fake: PortalFake;
  let tus: UploadFake;

  beforeEach(() => {
    localStorage.clear();
    api = new FakeApi({
      [`GET /public/firms/${FIRM}`]: { body: firm },
      'GET /auth/session': { body: sessionInfo },
    });
    fake = new PortalFake(api);
    fake.add(documentTask(), [
      portalFile('fil_mine', 'receipt-may.pdf', { uploadedByMe: true, deletableUntil: Date.now() + 600_000 }),
      portalFile('fil_old', 'contract.pdf', { uploadedByMe: true, deletableUntil: Date.now() - 1 }),
      portalFile('fil_firm', 'instructions.pdf', { size: 2_621_440 }),
    ]);
    tus = new UploadFake(api);
    tus.onComplete = (upload) => {
      const task = fake.find('tsk_docs') as TaskDetail;
      const file = portalFile(upload.fileId!, upload.metadata['filename']!, { uploadedByMe: true, deletableUntil: Date.now() + 1_800_000 });
      fake.files.set('tsk_docs', [file, ...(fake.files.get('tsk_docs') ?? [])]);
      fake.fileRoute('tsk_docs', file.id);
      const item = task.checklist.find((i) => i.id === upload.metadata['item']);
      if (item) Object.assign(item, { done: true, file: { id: file.id, name: file.name, review: { state: 'pending', reason: null } } });
    };
  });

  afterEach(() => {
    api.restore();
    cleanupFixtures();
    localStorage.clear();
  });

  it('is accessible with files, document requests and the upload zones; the zone is fetched only when a task opens', async () => {
    const { portal, list } = await renderInPortal();
    await waitFor(() => $(list, '[data-task-id="tsk_docs"]'), 'the list');
    expect(customElements.get('upload-zone'), 'not fetched for the list').to.equal(undefined);
    await openDocs(list);
    await expectAccessible(portal);
  });

  it('fits a 390 px phone: nothing wider than the screen, buttons at least 44 px high', async () => {
    await setViewport({ width: 390, height: 844 });
    try {
      const { portal, list } = await renderInPortal();
      await openDocs(list);
      const zone = zones(list)[0]!;
      await zone.updateComplete;
      const dataTransfer = new DataTransfer();
      dataTransfer.items.add(new File(['x'.repeat(20)], `${'receipt'.repeat(20)}.pdf`));
      zone.shadowRoot!.querySelector('[part~=zone]')!.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, composed: true }));
      await waitFor(() => requestRows(list)[0]?.includes('receiptreceipt'), 'the long name in the request\'s state');
      expect(document.documentElement.scrollWidth, 'no sideways scrolling').to.be.at.most(390);
      expect(portal.getBoundingClientRect().width).to.be.at.most(390);
      const choose = zone.shadowRoot!.querySelector('[part~=choose]')!.getBoundingClientRect();
      expect(choose.height).to.be.at.least(44);
      expect(choose.right).to.be.at.most(390);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('lists the task\'s files with a download link, size and date, and a delete only for the contact\'s own within 30 minutes', async () => {
    const { list } = await renderInPortal();
    await openDocs(list);
    const items = [...list.shadowRoot!.querySelectorAll('[part~=files] li')];
    expect(items.map((li) => li.textContent!.replace(/\s+/g, ' ').trim())).to.deep.equal([
      'receipt-may.pdf 240 kB, Mar 14, 2025 Delete',
      'contract.pdf 240 kB, Mar 14, 2025',
      'instructions.pdf 2.5 MB, Mar 14, 2025',
    ]);
    const link = items[0]!.querySelector('a')!;
    expect(link.href).to.equal('https://api.portico.test/api/v1/files/fil_mine/download?expires=1&signature=ab');
    expect(link.getAttribute('download')).to.equal('receipt-may.pdf');

    button(list, 'Delete')!.click();
    await waitFor(() => status(list) === 'The file is deleted.', 'the announcement');
    expect(api.callsTo('DELETE /portal/files/fil_mine')).to.have.length(1);
    await waitFor(() => !textOf(list).includes('receipt-may.pdf'), 'the list without it');
  });

  it('shows each document request\'s state, without a tick box, and an upload for those not accepted', async () => {
    const { list } = await renderInPortal();
    await openDocs(list);
    expect(requestRows(list)).to.deep.equal([
      'Bank statement for March | Please send again: Page 2 is missing',
      'Bank statement for April | Accepted (april.pdf).',
      'Bank statement for May | Not sent yet.',
    ]);
    expect($(list, '#chk-chk_march'), 'a file, not a tick, makes it done').to.equal(null);
    expect(zones(list).map((z) => z.getAttribute('item'))).to.deep.equal(['chk_march', 'chk_may', null]);
    expect(zones(list).map((z) => z.label)).to.deep.equal([
      'Upload: Bank statement for March',
      'Upload: Bank statement for May',
      'Upload files for this task',
    ]);
  });

  it('uploads to a document request through its zone, then shows it sent and in the files', async () => {
    const { list } = await renderInPortal();
    await openDocs(list);
    const may = zones(list)[1]!;
    await may.updateComplete;
    const dataTransfer = new DataTransfer();
    dataTransfer.items.add(new File(['%PDF-may'], 'may.pdf', { type: 'application/pdf' }));
    may.shadowRoot!.querySelector('[part~=zone]')!.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, composed: true, cancelable: true }));

    await waitFor(() => requestRows(list)[2]?.endsWith('Sent (may.pdf), waiting for review.'), 'the request sent');
    expect(tus.uploads[0]!.metadata).to.deep.equal({ filename: 'may.pdf', task: 'tsk_docs', item: 'chk_may' });
    expect(api.callsTo('POST /portal/uploads')[0]!.headers.get('authorization'), 'the portal\'s session').to.equal('Bearer ses_stored');
    await waitFor(() => $(list, '[part~=files] li')?.textContent?.includes('may.pdf'), 'the new file listed');
  });

  it('offers "Done uploading" when the firm does, and then says when the contact told them', async () => {
    const { portal, list } = await renderInPortal();
    await openDocs(list);
    button(list, 'Done uploading')!.click();
    await waitFor(() => textOf(list).includes('You told your accountant on Mar 15, 2025 that all documents are in.'), 'the note');
    expect(api.callsTo('POST /portal/tasks/tsk_docs/uploads-done')).to.have.length(1);
    expect(button(list, 'Done uploading')).to.equal(null);
    await expectAccessible(portal);
  });

  it('shows no "Done uploading" when the firm has it off, and no upload on a task the firm completed', async () => {
    const off = documentTask();
    off.id = 'tsk_off';
    off.title = 'Payroll documents';
    off.doneUploading = { offered: false, at: null };
    off.completedByFirm = true;
    (off.checklist as PortalChecklistItem[]).splice(0, 1);
    fake.add(off);
    const { list } = await renderInPortal();
    (await waitFor(() => $<HTMLButtonElement>(list, '[data-task-id="tsk_off"]'), 'the task')).click();
    await waitFor(() => $(list, '[part~=description]'), 'the detail');
    expect(button(list, 'Done uploading')).to.equal(null);
    expect(zones(list)).to.have.length(0);
  });

  it('links the current company\'s document folder as "Documents" in the portal, only when it is https', async () => {
    const withFolder: SessionInfo = {
      ...sessionInfo,
      clients: [
        { id: 'cli_north', name: 'Northwind Bakery OÜ', documentsUrl: 'https://drive.example.com/northwind' },
        { id: 'cli_harbor', name: 'Harbor Lights Studio', documentsUrl: 'javascript:alert(1)' },
      ] as unknown as SessionInfo['clients'],
    };
    api.on('GET /auth/session', { body: withFolder });
    const { portal } = await renderInPortal();
    const link = await waitFor(() => $<HTMLAnchorElement>(portal, '[part~=documents]'), 'the Documents link');
    expect(link.textContent!.trim()).to.equal('Documents');
    expect(link.href).to.equal('https://drive.example.com/northwind');
    expect(link.rel).to.equal('noopener noreferrer');
    await expectAccessible(portal);
    const select = $<HTMLSelectElement>(portal, 'select')!;
    select.value = 'cli_harbor';
    select.dispatchEvent(new Event('change'));
    await portal.updateComplete;
    expect($(portal, '[part~=documents]'), 'not a javascript: link').to.equal(null);
  });
});
