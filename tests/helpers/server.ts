// Starts the built server (node server/index.mjs, as in production) on a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { copyTemplateDataDir } from './pglite-template';

export interface RunningServer {
  url: string;
  port: number;
  process: ChildProcess;
  /** Everything the server printed so far. */
  output(): string;
  /** Resolves once the server has printed `text` (logs are written after the response). */
  waitForOutput(text: string, timeoutMs?: number): Promise<void>;
  /** SIGTERM, then wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * A server's DATA_DIR holding a copy of the migrated template database (opening a copy takes a
 * fraction of creating one); `{ empty: true }` for a folder the server must create it in.
 */
export function tempDataDir({ empty = false }: { empty?: boolean } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-data-'));
  if (!empty) copyTemplateDataDir(dir);
  return dir;
}

export function assertBuilt(): void {
  if (!fs.existsSync('dist/server/entry.mjs')) {
    throw new Error('dist/ is missing: run `npm run build` first (npm test does it for you).');
  }
}

/** Spawns the server; `ready: false` returns without waiting for /healthz. */
export async function startServer(
  env: Record<string, string | undefined>,
  { ready = true }: { ready?: boolean } = {},
): Promise<RunningServer> {
  assertBuilt();
  const port = await freePort();
  let output = '';
  const printed = new EventTarget();
  const child = spawn(process.execPath, ['server/index.mjs'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), PORTAL_TEST_ROUTES: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on('data', (d) => {
      output += d;
      printed.dispatchEvent(new Event('data'));
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const server: RunningServer = {
    url,
    port,
    process: child,
    output: () => output,
    waitForOutput(text, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!output.includes(text)) return;
          clearTimeout(timer);
          printed.removeEventListener('data', check);
          resolve();
        };
        const timer = setTimeout(() => {
          printed.removeEventListener('data', check);
          reject(new Error(`the server did not print ${JSON.stringify(text)} within ${timeoutMs} ms:\n${output}`));
        }, timeoutMs);
        printed.addEventListener('data', check);
        check();
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  if (!ready) return server;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not become healthy:\n${output}`);
}

/** A tiny cookie-keeping client for form posts, like a browser without JavaScript. */
export class FormClient {
  cookies = new Map<string, string>();
  constructor(public base: string) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (!value || /max-age=0/i.test(line)) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
  }

  async get(pathname: string) {
    const res = await fetch(this.base + pathname, { headers: { cookie: this.cookieHeader() }, redirect: 'manual' });
    this.keep(res);
    return res;
  }

  async post(pathname: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    const res = await fetch(this.base + pathname, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        origin: this.base,
        'content-type': 'application/x-www-form-urlencoded',
        cookie: this.cookieHeader(),
        ...headers,
      },
      body: new URLSearchParams(fields).toString(),
    });
    this.keep(res);
    return res;
  }
}
