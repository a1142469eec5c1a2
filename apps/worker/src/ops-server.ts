import { createServer, type Server } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { register } from 'prom-client';
import { HealthController } from '@app/platform';

/**
 * The worker has no API, but operators must still see its job outcomes, lateness and queue
 * gauges (they are counted here, not in the API) and know whether it is ready: /metrics,
 * /health/live and /health/ready on WORKER_PORT, answered by the same code as the API's.
 */
export async function startOpsServer(app: INestApplicationContext, port: number, host: string): Promise<Server> {
  const health = app.get(HealthController);
  const server = createServer((request, response) => {
    const send = (status: number, body: string, type = 'application/json') => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') return send(405, JSON.stringify({ status: 405, title: 'Method Not Allowed' }));
    if (path === '/metrics') {
      register.metrics().then((text) => send(200, text, register.contentType), (error: Error) => send(500, JSON.stringify({ message: error.message })));
    } else if (path === '/health/live') {
      send(200, JSON.stringify(health.live()));
    } else if (path === '/health/ready') {
      health.readiness().then(
        ({ status, body }) => send(status, JSON.stringify(body)),
        (error: Error) => send(503, JSON.stringify({ status: 'error', message: error.message })),
      );
    } else {
      send(404, JSON.stringify({ status: 404, title: 'Not Found' }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
