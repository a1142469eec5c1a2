import { createHash } from 'node:crypto';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor, type OnModuleInit } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, of, throwError, type Observable } from 'rxjs';
import { conflict, PROBLEM_CONTENT_TYPE } from '@app/kernel';
import { Database } from '../persistence/database.js';
import { toProblem } from '../http/problem.filter.js';
import { parseIdempotencyKey } from './request-context.js';
import { IS_PUBLIC, type Actor } from '../auth/actor.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** How long a claimed key waits for its answer before a retry may take it over (a crashed process). */
const PENDING_LEASE_SECONDS = 60;

/**
 * Idempotency-Key on every command endpoint. The key is claimed (a 'pending' row) before the
 * command runs, so two concurrent requests with one key cannot both append; the first answer
 * (success or 4xx problem) is stored durably and replayed for a retry with the same body.
 * The same key with another body is a 409. A 5xx releases the key so the client can retry.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor, OnModuleInit {
  constructor(private readonly database: Database, private readonly reflector: Reflector) {}

  async onModuleInit(): Promise<void> {
    await this.database.pool.query(`
      create schema if not exists platform;
      create table if not exists platform.idempotency_keys (
        scope        text not null,
        key          text not null,
        request_hash text not null,
        state        text not null,
        status_code  integer,
        response     jsonb,
        created_at   timestamptz not null default now(),
        primary key (scope, key)
      )`);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    if (!WRITE_METHODS.has(request.method)) return next.handle();
    // Public routes (sign-in) are not commands; their answers (tokens) must never be stored.
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return next.handle();
    const key = parseIdempotencyKey(request.headers['idempotency-key'] as string | undefined);
    if (!key) return next.handle();
    // Keys are per user: two users may pick the same key without seeing each other's answers.
    const scope = request.actor?.userId ?? 'anonymous';
    const hash = createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');
    const successStatus =
      this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ?? (request.method === 'POST' ? 201 : 200);

    return from(this.claim(scope, key, hash)).pipe(
      mergeMap((stored) => {
        if (stored) {
          void reply.status(stored.status);
          if (stored.status >= 400) void reply.header('content-type', PROBLEM_CONTENT_TYPE);
          void reply.header('idempotent-replayed', 'true');
          return of(stored.body);
        }
        return next.handle().pipe(
          mergeMap((body) => from(this.complete(scope, key, successStatus, body).then(() => body))),
          catchError((error: unknown) => {
            const problem = toProblem(error);
            const settle = problem.status >= 500 ? this.release(scope, key) : this.complete(scope, key, problem.status, problem);
            return from(settle).pipe(mergeMap(() => throwError(() => error)));
          }),
        );
      }),
    );
  }

  private async claim(scope: string, key: string, hash: string): Promise<{ status: number; body: unknown } | undefined> {
    const inserted = await this.database.pool.query(
      `insert into platform.idempotency_keys (scope, key, request_hash, state) values ($1, $2, $3, 'pending')
       on conflict (scope, key) do nothing`,
      [scope, key, hash],
    );
    if (inserted.rowCount === 1) return undefined;
    const { rows } = await this.database.pool.query<{ request_hash: string; state: string; status_code: number; response: unknown }>(
      'select request_hash, state, status_code, response from platform.idempotency_keys where scope = $1 and key = $2',
      [scope, key],
    );
    const row = rows[0];
    if (!row) return this.claim(scope, key, hash);
    if (row.request_hash !== hash) {
      throw conflict('IDEMPOTENCY.KEY_REUSED', 'This Idempotency-Key was used for a different request; use a new key.');
    }
    if (row.state === 'pending') {
      // A claim whose process died between the append and storing the answer would block its
      // key for ever: after the lease the retry takes it over and runs the command again
      // (commands are safe to repeat: a repeat is refused by its decider or, for a new notice,
      // answered from the notice the first run created, whose id follows from the key).
      const { rowCount } = await this.database.pool.query(
        `update platform.idempotency_keys set created_at = now()
          where scope = $1 and key = $2 and state = 'pending' and created_at < now() - make_interval(secs => $3)`,
        [scope, key, PENDING_LEASE_SECONDS],
      );
      if (rowCount === 1) return undefined;
      throw conflict('IDEMPOTENCY.IN_PROGRESS', 'A request with this Idempotency-Key is still being processed; retry shortly.');
    }
    return { status: row.status_code, body: row.response };
  }

  private async complete(scope: string, key: string, status: number, body: unknown): Promise<void> {
    await this.database.pool.query(
      `update platform.idempotency_keys set state = 'done', status_code = $3, response = $4 where scope = $1 and key = $2`,
      [scope, key, status, JSON.stringify(body ?? null)],
    );
  }

  private async release(scope: string, key: string): Promise<void> {
    await this.database.pool.query(`delete from platform.idempotency_keys where scope = $1 and key = $2 and state = 'pending'`, [scope, key]);
  }
}
