import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build` puts the web app (apps/web → dist/web), seen from dist/apps/api/src. */
export const WEB_ROOT = fileURLToPath(new URL('../../../web/', import.meta.url));

/** Paths the API and its tools own: the web app's fallback never answers them (they keep their problem+json 404). */
const SERVER_PATHS = /^\/(api|metrics|admin|health)(\/|\?|$)/;

/**
 * The web app's policy: every script and style comes from this origin (the bundle has no inline
 * script); inline style attributes are allowed because the UI kit positions popovers with them.
 */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * Serves the built web app from the API process: hashed assets cached for a year, index.html
 * never cached, and index.html for any other GET that asks for a page (client-side routes such as
 * /notices/:id), never for /api/*. Loads @fastify/static lazily: the CommonJS plugin cannot load
 * under Jest, so this is exercised by the process-level tests (test/browser, test/e2e/startup).
 * Without a built app (dist/web missing) it serves nothing and says so.
 */
export async function serveWebApp(app: NestFastifyApplication, root = WEB_ROOT): Promise<boolean> {
  if (!existsSync(join(root, 'index.html'))) {
    console.log(`Web app not built (no ${join(root, 'index.html')}): run npm run build to serve it.`);
    return false;
  }
  const { default: fastifyStatic } = await import('@fastify/static');
  await app.register(fastifyStatic as never, {
    root,
    prefix: '/',
    wildcard: false,
    index: false,
    setHeaders: (reply: FastifyReply, path: string) => {
      void reply.header('content-security-policy', WEB_CSP);
      // Hashed file names under assets/ never change; anything else is asked for again.
      void reply.header('cache-control', path.startsWith(join(root, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  } as never);
  const fastify = app.getHttpAdapter().getInstance();
  const page = (request: FastifyRequest, reply: FastifyReply) => {
    const accepts = String(request.headers.accept ?? '');
    if (SERVER_PATHS.test(request.url) || !accepts.includes('text/html')) return reply.callNotFound();
    void reply.header('content-security-policy', WEB_CSP).header('cache-control', 'no-cache');
    return (reply as unknown as { sendFile(file: string, options: object): FastifyReply }).sendFile('index.html', { cacheControl: false });
  };
  fastify.get('/', page);
  fastify.get('/*', page);
  return true;
}
