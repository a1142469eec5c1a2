import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError, problem, problemFromDomainError, PROBLEM_CONTENT_TYPE, titleForStatus, type ProblemDetails } from '@app/kernel';
import { WrongExpectedVersion } from '@app/event-store';

/** Every error becomes application/problem+json here, and only here. */
export function toProblem(exception: unknown): ProblemDetails {
  if (isDomainError(exception)) return problemFromDomainError(exception);
  if (exception instanceof WrongExpectedVersion) {
    return problem(409, 'STREAM.VERSION_CONFLICT', 'The subject was changed by someone else at the same time; reload and retry.', {
      expectedRevision: String(exception.expected),
      actualRevision: exception.actual,
    });
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? exception.message);
    const detail = Array.isArray(message) ? message.join('; ') : String(message);
    return problem(status, `HTTP.${status}`, status === 404 && /Cannot (GET|POST|PUT|PATCH|DELETE)/.test(detail) ? 'No such resource.' : detail);
  }
  // Errors raised by Fastify before routing (malformed JSON, wrong content type, body too large).
  const status = (exception as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = (exception as { code?: string }).code ?? `HTTP.${status}`;
    return problem(status, `REQUEST.${code}`, (exception as Error).message || titleForStatus(status));
  }
  return problem(500, 'INTERNAL', 'An unexpected error occurred. It has been logged; quote the correlation id when reporting it.');
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const body = toProblem(exception);
    const correlationId = request?.id ? String(request.id) : undefined;
    if (correlationId) body.correlationId = correlationId;
    if (request?.url) body.instance = request.url;
    if (body.status >= 500) {
      this.logger.error({ err: exception, correlationId }, 'request failed');
    }
    void reply.status(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
  }
}
