import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import { createRootLogger, PinoNestLogger } from './logger.js';
import { AppConfig, loadConfig, PROBLEM_CONTENT_TYPE } from '@app/kernel';
import { toProblem } from './problem.filter.js';
import { RequestValidationPipe } from './validation.js';

export const API_PREFIX = 'api/v1';

/**
 * Builds the HTTP application on Fastify (measured ~5x the throughput of Express on these
 * machines, see README). Used by `npm start`, `start:api` and the e2e tests alike.
 */
export async function createHttpApplication(module: unknown, env: Record<string, string | undefined> = {}): Promise<NestFastifyApplication> {
  const config: AppConfig = loadConfig({ ...process.env, ...env });
  const logger = createRootLogger(config.logLevel);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // Request ids double as correlation ids: taken from X-Request-Id when sane, else generated.
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    bodyLimit: config.bodyLimitBytes,
    // Only behind a reverse proxy may X-Forwarded-For decide the client address (login throttling uses it).
    trustProxy: config.trustProxy,
    // Odd path parameters never reach a handler as a 5xx.
    routerOptions: { maxParamLength: 200 },
    // Broken percent-encoding and over-long parameters are refused by the router before Nest
    // sees the request; answer them in the same problem+json shape.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      const body = { ...toProblem(error), instance: request.url, correlationId: String(request.id) };
      void reply.status(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(module as never, adapter, { logger: new PinoNestLogger(logger) });
  await app.register(helmet as never, { contentSecurityPolicy: false } as never);
  if (config.corsOrigins.length > 0) await app.register(cors as never, { origin: config.corsOrigins } as never);
  app.setGlobalPrefix(API_PREFIX, { exclude: ['metrics', 'admin/queues', 'admin/queues/{*path}'] });
  app.useGlobalPipes(new RequestValidationPipe());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Grassroots Party-building supervision API')
      .setDescription('Supervision notices and rectification deadlines, reports, escalation, organisations. Errors are application/problem+json.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  // Under Jest the UI's static files (@fastify/static, CommonJS requiring ES modules) cannot
  // load; the in-process tests use the JSON document and the process-level e2e test the UI.
  const serveUi = !process.env.JEST_WORKER_ID;
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', ui: serveUi, raw: ['json'] });
  return app;
}
