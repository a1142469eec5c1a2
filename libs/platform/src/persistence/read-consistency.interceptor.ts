import { Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { from, mergeMap, type Observable } from 'rxjs';
import { AppConfig } from '@app/kernel';
import { IS_PUBLIC } from '../auth/actor.js';
import { ProjectionHost } from './projection-host.js';

/**
 * Read-your-writes over eventually consistent read models: an authenticated GET first waits
 * (at most READ_WAIT_MS) until the projections have applied every event this process appended
 * before it arrived, so a client that issues a notice and then asks for the board sees its
 * notice. Another process's writes (the worker's ladder steps) are not waited for. With the
 * read models caught up the wait is one indexed query (the checkpoints).
 */
@Injectable()
export class ReadConsistencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('ReadConsistency');

  constructor(private readonly host: ProjectionHost, private readonly config: AppConfig, private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || this.config.readWaitMs <= 0) return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.method !== 'GET') return next.handle();
    // Health, metrics and documents are public and must answer at once.
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return next.handle();
    return from(this.host.awaitReadModels(this.config.readWaitMs)).pipe(
      mergeMap((fresh) => {
        if (!fresh) this.logger.debug(`read models still behind after ${this.config.readWaitMs} ms; answering ${request.url} as they are`);
        return next.handle();
      }),
    );
  }
}
