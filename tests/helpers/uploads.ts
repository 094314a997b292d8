// Uploading to the built server from a test, as the upload script does (multipart POST).
export interface UploadResult {
  status: number;
  files: { id: number; name: string; kind: string; type: string; size: number; url: string }[];
  errors: string[];
}

export async function uploadFiles(base: string, cookie: string, files: { name: string; data: Buffer }[]): Promise<UploadResult> {
  const form = new FormData();
  for (const f of files) form.append('upload', new Blob([new Uint8Array(f.data)]), f.name);
  const res = await fetch(`${base}/files/upload`, { method: 'POST', body: form, headers: { cookie, origin: base } });
  const text = await res.text();
  if (!res.headers.get('content-type')?.includes('json')) throw new Error(`upload answered ${res.status}: ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as { files?: UploadResult['files']; errors?: string[]; error?: string };
  return { status: res.status, files: body.files ?? [], errors: body.errors ?? (body.error ? [body.error] : []) };
}
