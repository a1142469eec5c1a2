import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createHttpApplication } from '@app/platform';
import { AppModule } from '../../api/src/app.module.js';
import { exitOnStartFailure } from '../../api/src/start.js';

/** `npm run docs:api`: writes the OpenAPI document the running API serves to docs/api/openapi.json. */
async function main() {
  const env = { RUN_BACKGROUND: 'false', LOG_LEVEL: 'warn' };
  const app = await createHttpApplication(AppModule.forRoot({ env, worker: false }), env);
  await app.init();
  const response = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/api/docs-json' });
  mkdirSync('docs/api', { recursive: true });
  writeFileSync('docs/api/openapi.json', JSON.stringify(JSON.parse(response.body), null, 2) + '\n');
  console.log(`docs/api/openapi.json written (${Object.keys(JSON.parse(response.body).paths).length} paths)`);
  await app.close();
}

main().catch(exitOnStartFailure);
