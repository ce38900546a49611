/**
 * A stand-in for the tus subset of the files API (contract of issue 8):
 * `POST /portal/uploads` (creation, with the server's refusals), `HEAD`,
 * `PATCH` (offset checked, `Portico-File-Id` / `Portico-Duplicate` on the
 * last one) and `DELETE` of an upload, on top of {@link FakeApi}. It keeps the
 * bytes it was sent, so a test can see a resumed file arrive whole, and can
 * drop a connection halfway through a chunk.
 */
import { API } from './fixtures.ts';
import { errorBody, type FakeApi, type FakeReply, type RecordedCall } from './helpers.ts';

export interface FakeUpload {
  id: string;
  length: number;
  offset: number;
  metadata: Record<string, string>;
  /** What arrived, in order. */
  parts: Blob[];
  deleted: boolean;
  fileId: string | null;
}

const MAX = 10 * 1024 * 1024;
const decode = (b64: string): string => new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));

export class UploadFake {
  readonly uploads: FakeUpload[] = [];
  /** The next PATCHes that lose their connection after half of their chunk arrived. */
  dropNext = 0;
  /** The next PATCHes that fail before any byte arrives. */
  failNext = 0;
  /** The next completed upload's answer lacks its file id (a proxy dropped the header). */
  loseFileId = false;
  /** The next completed upload is a duplicate of this file id. */
  duplicateOf: string | null = null;
  /** The server's answer to the next creation instead of 201 (e.g. 404 for a withdrawn task). */
  refuseCreate: FakeReply | null = null;
  /** The server's answer to PATCHes instead of 204 (e.g. 415 once it sniffed the bytes). */
  refusePatch: FakeReply | null = null;
  /** When set, PATCHes wait for it (to see progress and cancel mid-way). */
  hold: Promise<void> | null = null;
  /** Called when an upload completes (to list the new file, say). */
  onComplete: (upload: FakeUpload) => void = () => undefined;

  constructor(readonly api: FakeApi) {
    api.on('POST /portal/uploads', (call) => this.#create(call));
  }

  /** The PATCHes (with their `Upload-Offset`) and HEADs sent to uploads, in order, as `'PATCH 0'`, `'HEAD'`. */
  get log(): string[] {
    return this.api.calls
      .filter((c) => c.path.startsWith('/portal/uploads/'))
      .map((c) => (c.method === 'PATCH' ? `PATCH ${c.headers.get('upload-offset')}` : c.method));
  }

  #create(call: RecordedCall): FakeReply {
    if (call.headers.get('tus-resumable') !== '1.0.0') return { status: 412, body: errorBody('bad_request') };
    if (this.refuseCreate) return this.refuseCreate;
    const length = Number(call.headers.get('upload-length'));
    if (length > MAX) return { status: 413, body: errorBody('file_too_large') };
    if (!(length > 0)) return { status: 400, body: errorBody('empty_file') };
    const metadata = Object.fromEntries(
      (call.headers.get('upload-metadata') ?? '').split(',').map((pair) => {
        const [key = '', value = ''] = pair.trim().split(' ');
        return [key, decode(value)];
      }),
    );
    const upload: FakeUpload = { id: `upl_${this.uploads.length + 1}`, length, offset: 0, metadata, parts: [], deleted: false, fileId: null };
    this.uploads.push(upload);
    const path = `/portal/uploads/${upload.id}`;
    const gone = { status: 404, body: errorBody('not_found') };
    this.api.on(`HEAD ${path}`, () =>
      upload.deleted ? gone : { headers: { 'upload-offset': String(upload.offset), 'upload-length': String(length), 'cache-control': 'no-store' } },
    );
    this.api.on(`PATCH ${path}`, (patch) => this.#patch(upload, patch));
    this.api.on(`DELETE ${path}`, () => {
      upload.deleted = true;
      return { status: 204 };
    });
    return {
      status: 201,
      headers: { location: `${API}/api/v1${path}`, 'tus-resumable': '1.0.0', 'upload-expires': new Date(Date.now() + 86_400_000).toUTCString() },
    };
  }

  async #patch(upload: FakeUpload, call: RecordedCall): Promise<FakeReply> {
    if (this.hold) await this.hold;
    if (upload.deleted) return { status: 404, body: errorBody('not_found') };
    if (call.headers.get('content-type') !== 'application/offset+octet-stream') return { status: 415, body: errorBody('bad_content_type') };
    if (Number(call.headers.get('upload-offset')) !== upload.offset) return { status: 409, body: errorBody('offset_mismatch') };
    if (this.refusePatch) return this.refusePatch;
    const chunk = call.raw as Blob;
    if (this.failNext > 0) {
      this.failNext--;
      return { status: 0 };
    }
    if (this.dropNext > 0) {
      this.dropNext--;
      const half = chunk.slice(0, Math.floor(chunk.size / 2));
      upload.parts.push(half);
      upload.offset += half.size;
      return { status: 0 };
    }
    if (upload.offset + chunk.size > upload.length) return { status: 413, body: errorBody('file_too_large') };
    upload.parts.push(chunk);
    upload.offset += chunk.size;
    const headers: Record<string, string> = { 'upload-offset': String(upload.offset), 'tus-resumable': '1.0.0' };
    if (upload.offset === upload.length) {
      upload.fileId = this.duplicateOf ?? `fil_${upload.id.slice(4)}`;
      if (!this.loseFileId) headers['portico-file-id'] = upload.fileId;
      this.loseFileId = false;
      if (this.duplicateOf) headers['portico-duplicate'] = '1';
      this.duplicateOf = null;
      this.onComplete(upload);
    }
    return { status: 204, headers };
  }

  /** The bytes an upload received, as text. */
  text(upload: FakeUpload): Promise<string> {
    return new Blob(upload.parts).text();
  }
}
