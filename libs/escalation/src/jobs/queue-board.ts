import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LadderQueue } from './ladder-queue.js';
import { BoardQueues } from './board-queues.js';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * bull-board at /admin/queues, for admins only (a bearer JWT with the admin role, checked in
 * a hook of the board's own Fastify scope: the board's routes are not Nest routes, so the
 * global guard does not see them).
 *
 * `@bull-board/fastify` requires `@fastify/static`, CommonJS requiring an ES module, which
 * cannot load under Jest here; so it is imported dynamically, and not at all under Jest
 * (JEST_WORKER_ID set) nor in processes without HTTP (the worker).
 */
@Injectable()
export class QueueBoard implements OnModuleInit {
  private readonly logger = new Logger('QueueBoard');
  mounted = false;

  constructor(private readonly adapterHost: HttpAdapterHost, private readonly jwt: JwtService, private readonly ladder: LadderQueue, private readonly others: BoardQueues) {}

  async onModuleInit(): Promise<void> {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter || process.env.JEST_WORKER_ID) return;
    const fastify = adapter.getInstance<FastifyInstance>();
    try {
      const [{ createBullBoard }, { BullMQAdapter }, { FastifyAdapter }] = await Promise.all([
        import('@bull-board/api'),
        import('@bull-board/api/bullMQAdapter'),
        import('@bull-board/fastify'),
      ]);
      const serverAdapter = new FastifyAdapter();
      createBullBoard({ queues: [this.ladder.queue, ...this.others.queues].map((queue) => new BullMQAdapter(queue as never)), serverAdapter });
      serverAdapter.setBasePath(QUEUE_BOARD_PATH);
      // Queued, not awaited: awaiting a register here boots Fastify's root context before Nest has
      // installed its error handler, and body-parse errors (malformed JSON) then bypassed the
      // problem+json filter everywhere.
      void fastify.register(async (scope) => {
        scope.addHook('onRequest', (request, reply) => this.authorize(request, reply));
        await scope.register(serverAdapter.registerPlugin() as never, { prefix: QUEUE_BOARD_PATH });
      });
      this.mounted = true;
    } catch (error) {
      this.logger.warn(`bull-board is not available at ${QUEUE_BOARD_PATH}: ${(error as Error).message}`);
    }
  }

  private async authorize(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    const problem = (status: number, title: string) =>
      reply.code(status).header('content-type', 'application/problem+json').send({ type: 'about:blank', title, status });
    if (!token) return void (await problem(401, 'Unauthorized'));
    try {
      const claims = await this.jwt.verifyAsync<{ roles?: string[] }>(token);
      if (!claims.roles?.includes('admin')) return void (await problem(403, 'Forbidden'));
    } catch {
      return void (await problem(401, 'Unauthorized'));
    }
  }
}
