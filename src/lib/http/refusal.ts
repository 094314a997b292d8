// The one way an endpoint (not a page: pages render components/Forbidden.astro with status 403)
// refuses a request for who is asking: 401 when nobody is signed in, 403 when the signed-in
// member may not. The Korean reason goes in the body, as JSON `{ error }` to scripts that
// read JSON (the upload widget) and as plain text otherwise.
export function refusal(status: 401 | 403, message: string, { json = false }: { json?: boolean } = {}): Response {
  const headers = { 'content-type': json ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8', 'cache-control': 'no-store' };
  return new Response(json ? JSON.stringify({ error: message }) : message, { status, headers });
}
