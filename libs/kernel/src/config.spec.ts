import { ConfigError, loadConfig } from './config.js';
import { parseDuration } from './duration.js';
import { parseEscalationPolicy } from './escalation-policy.js';
import { conflict, invalid, DomainError } from './errors.js';
import { problemFromDomainError } from './problem.js';

describe('ISO 8601 durations', () => {
  it.each([
    ['P3D', 3 * 86_400_000],
    ['PT5M', 300_000],
    ['PT2S', 2_000],
    ['PT0.5S', 500],
    ['P1DT2H', 93_600_000],
    ['P1W', 604_800_000],
    ['-P1D', -86_400_000],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'P', 'PT', '3D', 'P1Y', 'P1M', 'PT1X', 'P1DT'])('refuses %p', (text) => {
    expect(() => parseDuration(text)).toThrow(/not an ISO 8601 duration/);
  });
});

describe('escalation policy', () => {
  it('fills every kind with the DESIGN §5 defaults', () => {
    const policy = parseEscalationPolicy(undefined);
    expect(policy.notice).toEqual({ remindBefore: [7 * 86_400_000, 3 * 86_400_000, 86_400_000], yellowWithin: 3 * 86_400_000, warnAfter: 3 * 86_400_000, escalateAfter: 7 * 86_400_000 });
    expect(policy.report).toEqual(policy.notice);
  });

  it('takes seconds-long policies per kind and sorts reminders, earliest first', () => {
    const policy = parseEscalationPolicy({ report: { remindBefore: ['PT1S', 'PT3S'], warnAfter: 'PT2S', escalateAfter: 'PT4S' } });
    expect(policy.report.remindBefore).toEqual([3000, 1000]);
    expect(policy.report.escalateAfter).toBe(4000);
  });

  it('names the field that is wrong', () => {
    expect(() => parseEscalationPolicy({ notice: { warnAfter: 'three days' } })).toThrow('ESCALATION_POLICY.notice.warnAfter');
    expect(() => parseEscalationPolicy({ meeting: {} })).toThrow('unknown deadline kind "meeting"');
    expect(() => parseEscalationPolicy({ notice: { warnAfter: 'P7D', escalateAfter: 'P3D' } })).toThrow('escalateAfter must not be shorter');
    expect(() => parseEscalationPolicy([])).toThrow('JSON object');
  });
});

describe('configuration', () => {
  it('has working defaults for development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, eventStore: 'postgres', redisUrl: 'redis://127.0.0.1:6379', tzBusiness: 'Asia/Shanghai', maxExtensions: 1, dataDir: './.data', databaseUrl: undefined, workerNiceness: 0 });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ EVENT_STORE: 'mongo' }, 'EVENT_STORE'],
    [{ EVENT_STORE: 'kurrentdb' }, 'KURRENTDB_URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production', JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ BOOTSTRAP_ADMIN: 'admin' }, 'BOOTSTRAP_ADMIN'],
    [{ TZ_BUSINESS: 'Mars/Olympus' }, 'TZ_BUSINESS'],
    [{ ESCALATION_POLICY: '{"notice":{"warnAfter":"soon"}}' }, 'ESCALATION_POLICY'],
    [{ ESCALATION_POLICY: '/no/such/file.json' }, 'ESCALATION_POLICY'],
    [{ ESCALATION_POLICY: '{"notice":{"warnAfer":"P3D"}}' }, 'ESCALATION_POLICY'],
    [{ ESCALATION_POLICY: '{"notice":"P3D"}' }, 'ESCALATION_POLICY'],
    [{ MAX_EXTENSIONS: '-1' }, 'MAX_EXTENSIONS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ RECONCILE_EVERY: '5 minutes' }, 'RECONCILE_EVERY'],
    [{ JWT_EXPIRES_IN: 'forever' }, 'JWT_EXPIRES_IN'],
    [{ JWT_EXPIRES_IN: '0' }, 'JWT_EXPIRES_IN'],
    [{ RECONCILE_EVERY: 'PT0S' }, 'RECONCILE_EVERY'],
    [{ QUEUE_PREFIX: 'dj' }, 'QUEUE_PREFIX'],
    [{ READ_WAIT_MS: '-1' }, 'READ_WAIT_MS'],
    [{ WORKER_NICENESS: '20' }, 'WORKER_NICENESS'],
  ])('refuses %p naming %s', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as Error).message).toContain(variable);
  });

  it('reads a bare JWT_EXPIRES_IN as seconds (a number), one with a unit as given', () => {
    expect(loadConfig({ JWT_EXPIRES_IN: '3600' }).jwtExpiresIn).toBe(3600);
    expect(loadConfig({ JWT_EXPIRES_IN: '30m' }).jwtExpiresIn).toBe('30m');
  });

  it('reads BOOTSTRAP_ADMIN with a colon in the password', () => {
    expect(loadConfig({ BOOTSTRAP_ADMIN: 'admin:pa:ss' }).bootstrapAdmin).toEqual({ username: 'admin', password: 'pa:ss' });
  });
});

describe('problem+json mapping', () => {
  it('maps each error kind to its status, with the code and field errors', () => {
    expect(problemFromDomainError(conflict('NOTICE.CLOSED', 'closed'))).toMatchObject({ status: 409, title: 'Conflict', code: 'NOTICE.CLOSED', detail: 'closed', type: 'urn:problem:notice.closed' });
    const bad = problemFromDomainError(invalid('REQUEST.INVALID', 'bad', [{ field: 'title', messages: ['too long'] }]));
    expect(bad).toMatchObject({ status: 400, errors: [{ field: 'title', messages: ['too long'] }] });
    expect(problemFromDomainError(new DomainError('precondition_failed', 'REQUEST.REVISION_MISMATCH', 'stale')).status).toBe(412);
    expect(problemFromDomainError(new DomainError('unprocessable', 'ORG.UNKNOWN_PARENT', 'no parent')).status).toBe(422);
  });
});
