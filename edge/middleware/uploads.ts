/**
 * The requests whose body is a file: they stream under the file limit
 * (counted as the bytes arrive, edge/data/uploads.ts) instead of the small
 * JSON body limit every other request has.
 */
const UPLOAD_PATHS = [
  // Simple uploads: PUT the file as the body.
  { method: 'PUT', path: /^\/api\/v1\/(portal|firm)\/(tasks|requests)\/[^/]+\/files\/[^/]+$/ },
  // tus: the bytes of a resumable upload.
  { method: 'PATCH', path: /^\/api\/v1\/(portal|firm)\/uploads\/[^/]+$/ },
  // The firm's logo and icon (edge/routes/account.ts counts them under their own, smaller limits).
  { method: 'PUT', path: /^\/api\/v1\/firm\/settings\/(logo|icon)$/ },
];

export function isStreamedUpload(method: string, path: string): boolean {
  return UPLOAD_PATHS.some((u) => u.method === method && u.path.test(path));
}
