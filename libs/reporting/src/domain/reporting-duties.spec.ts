import { ConfigError } from '@app/kernel';
import {
  cadencesInUse,
  DEFAULT_REPORTING_DUTIES,
  dutiesFor,
  parseReportingDuties,
  planObligations,
  reportDueAt,
  reportingDutiesFromEnv,
} from './reporting-duties.js';

const TZ = 'Asia/Shanghai';

describe('reporting duties', () => {
  describe('who reports for which period (defaults)', () => {
    it('townships report quarterly, not half-yearly', () => {
      expect(dutiesFor('2026-Q1', 'township')).toBe(true);
      expect(dutiesFor('2026-H1', 'township')).toBe(false);
    });

    it('villages, organs and enterprises report half-yearly', () => {
      for (const kind of ['village', 'organ', 'enterprise'] as const) {
        expect(dutiesFor('2026-H2', kind)).toBe(true);
        expect(dutiesFor('2026-Q2', kind)).toBe(false);
      }
    });

    it('the county reports to nobody, and no kind reports yearly', () => {
      expect(dutiesFor('2026-Q1', 'county')).toBe(false);
      expect(dutiesFor('2026-H1', 'county')).toBe(false);
      expect(dutiesFor('2026', 'township')).toBe(false);
      expect(cadencesInUse()).toEqual(['quarterly', 'half-yearly']);
    });
  });

  describe('due dates: the end of the day dueDaysAfterEnd days after the period', () => {
    it('2026-Q4 is due 2027-01-10 23:59:59.999 +08:00', () => {
      expect(reportDueAt('2026-Q4', DEFAULT_REPORTING_DUTIES, TZ)).toEqual(new Date('2027-01-10T23:59:59.999+08:00'));
    });

    it.each([
      ['2026-Q1', '2026-04-10T23:59:59.999+08:00'],
      ['2026-Q2', '2026-07-10T23:59:59.999+08:00'],
      ['2026-H1', '2026-07-10T23:59:59.999+08:00'],
      ['2026-H2', '2027-01-10T23:59:59.999+08:00'],
    ])('%s is due %s', (period, due) => {
      expect(reportDueAt(period, DEFAULT_REPORTING_DUTIES, TZ)).toEqual(new Date(due));
    });

    it('counts configured days across month ends, and 0 days means the last day of the period', () => {
      expect(reportDueAt('2026-Q1', { ...DEFAULT_REPORTING_DUTIES, dueDaysAfterEnd: 45 }, TZ)).toEqual(new Date('2026-05-15T23:59:59.999+08:00'));
      expect(reportDueAt('2026-Q1', { ...DEFAULT_REPORTING_DUTIES, dueDaysAfterEnd: 0 }, TZ)).toEqual(new Date('2026-03-31T23:59:59.999+08:00'));
    });
  });

  describe('configuration (REPORTING_DUTIES)', () => {
    it('unset or blank gives the defaults', () => {
      expect(reportingDutiesFromEnv({})).toEqual(DEFAULT_REPORTING_DUTIES);
      expect(reportingDutiesFromEnv({ REPORTING_DUTIES: '  ' })).toEqual(DEFAULT_REPORTING_DUTIES);
    });

    it('overrides only what it names', () => {
      const config = reportingDutiesFromEnv({
        REPORTING_DUTIES: '{"cadences": {"organ": "quarterly", "enterprise": "none", "village": null}, "dueDaysAfterEnd": 15}',
      });
      expect(config.cadences).toEqual({ county: null, township: 'quarterly', village: null, organ: 'quarterly', enterprise: null });
      expect(config.dueDaysAfterEnd).toBe(15);
      expect(dutiesFor('2026-Q3', 'organ', config)).toBe(true);
      expect(dutiesFor('2026-H2', 'enterprise', config)).toBe(false);
      expect(cadencesInUse(config)).toEqual(['quarterly']);
    });

    it('does not let a parsed config change the defaults', () => {
      const config = parseReportingDuties({ cadences: { township: 'yearly' } });
      config.cadences.village = null;
      expect(DEFAULT_REPORTING_DUTIES.cadences.village).toBe('half-yearly');
      expect(DEFAULT_REPORTING_DUTIES.cadences.township).toBe('quarterly');
    });

    it.each([
      ['not JSON', '{cadences', /not valid JSON/],
      ['an array', '[]', /must be a JSON object/],
      ['an unknown key', '{"dueDays": 3}', /unknown key "dueDays"/],
      ['an unknown kind', '{"cadences": {"province": "quarterly"}}', /cadences\.province: unknown organisation kind/],
      ['an unknown cadence', '{"cadences": {"village": "monthly"}}', /cadences\.village: "monthly" is not one of quarterly, half-yearly, yearly, none/],
      ['a negative day count', '{"dueDaysAfterEnd": -1}', /dueDaysAfterEnd: -1 is not an integer/],
      ['a fractional day count', '{"dueDaysAfterEnd": 2.5}', /dueDaysAfterEnd: 2.5/],
      ['a day count as text', '{"dueDaysAfterEnd": "10"}', /dueDaysAfterEnd: "10"/],
    ])('refuses %s with a message naming the variable', (_what, text, message) => {
      let thrown: unknown;
      try {
        reportingDutiesFromEnv({ REPORTING_DUTIES: text });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      expect((thrown as Error).message).toMatch(/REPORTING_DUTIES/);
      expect((thrown as Error).message).toMatch(message);
    });
  });

  describe('planning the obligations of a period', () => {
    const orgs = [
      { id: 'county-feixi', kind: 'county' as const, parentId: null },
      { id: 'twp-liuji', kind: 'township' as const, parentId: 'county-feixi' },
      { id: 'twp-sanhe', kind: 'township' as const, parentId: 'county-feixi' },
      { id: 'vil-dongshan', kind: 'village' as const, parentId: 'twp-liuji' },
      { id: 'ent-mill', kind: 'enterprise' as const, parentId: 'twp-liuji' },
    ];

    it('a quarter: one obligation per township, owed to its parent, with the due time', () => {
      expect(planObligations('2026-Q1', orgs, DEFAULT_REPORTING_DUTIES, TZ)).toEqual([
        { orgId: 'twp-liuji', supervisorOrgId: 'county-feixi', period: '2026-Q1', dueAt: new Date('2026-04-10T23:59:59.999+08:00') },
        { orgId: 'twp-sanhe', supervisorOrgId: 'county-feixi', period: '2026-Q1', dueAt: new Date('2026-04-10T23:59:59.999+08:00') },
      ]);
    });

    it('a half-year: villages and enterprises; nobody without a parent', () => {
      const planned = planObligations('2026-H1', orgs, DEFAULT_REPORTING_DUTIES, TZ);
      expect(planned.map((p) => [p.orgId, p.supervisorOrgId])).toEqual([
        ['vil-dongshan', 'twp-liuji'],
        ['ent-mill', 'twp-liuji'],
      ]);
      const rootOnly = planObligations('2026-Q1', [{ id: 'twp-orphan', kind: 'township', parentId: null }], DEFAULT_REPORTING_DUTIES, TZ);
      expect(rootOnly).toEqual([]);
    });
  });
});
