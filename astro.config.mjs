// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

// Parse the public origins the site answers on (behind a reverse proxy); Astro
// then trusts X-Forwarded-Host/Proto for these and checks form origins against them.
function allowedDomainsFromEnv() {
  const raw = process.env.ALLOWED_DOMAINS ?? '';
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((hostname) => ({ hostname, protocol: 'https' }));
}

export default defineConfig({
  site: process.env.SITE_URL ?? 'http://localhost:4321',
  // On-demand by default: anything that reads the session or the database can
  // never be frozen into a static file by accident. Content pages opt in with
  // `export const prerender = true` so they are served as files and indexed by Pagefind.
  output: 'server',
  // Standalone handler (static files + pages), but started by our own HTTP server
  // (server/index.mjs) so it can add security headers to every response, open the
  // database before listening and shut down cleanly on SIGTERM.
  adapter: node({ mode: 'standalone' }),
  // Sessions live in PostgreSQL (src/lib/auth/session.ts), not in Astro's session store.
  session: false,
  // Guest pages kept in memory, bounded by PAGE_CACHE_MB and dropped on every write that
  // changes them, on every instance (src/lib/http/page-cache.ts and page-cache-bus.ts).
  cache: { provider: { name: 'portal-pages', entrypoint: './src/lib/http/page-cache-provider.ts' } },
  security: {
    checkOrigin: true,
    allowedDomains: allowedDomainsFromEnv(),
  },
  build: {
    // Inline <style> would need 'unsafe-inline' in the CSP; ship stylesheets as files.
    inlineStylesheets: 'never',
  },
  vite: {
    build: {
      // Never inline scripts: the CSP allows only same-origin script files.
      assetsInlineLimit: 0,
    },
  },
  devToolbar: { enabled: false },
});
