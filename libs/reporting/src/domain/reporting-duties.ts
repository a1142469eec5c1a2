import { ConfigError } from '@app/kernel';
import { CADENCES, Cadence, formatPeriod, PeriodLike, startOfDayAfterPeriod, toPeriod } from './period.js';

/**
 * 党建工作报告制: which organisations report to their supervisor (always the parent in the
 * organisation tree), how often, and how long after the period they have. Configuration,
 * not code: `REPORTING_DUTIES` (optional JSON) overrides the defaults.
 */
export const REPORTING_ORG_KINDS = ['county', 'township', 'village', 'organ', 'enterprise'] as const;
/** The organisation kinds of the access context (county|township|village|organ|enterprise), named here so reporting does not reach into it. */
export type ReportingOrgKind = (typeof REPORTING_ORG_KINDS)[number];

export interface ReportingDutiesConfig {
  /** `null`: organisations of that kind owe no report. */
  cadences: Record<ReportingOrgKind, Cadence | null>;
  /** Due at the end of the day this many days after the period's last day. */
  dueDaysAfterEnd: number;
}

/**
 * DESIGN §6: townships report quarterly to the county, villages half-yearly to the township.
 * Organ and enterprise branches are also children of a township and are not named by the
 * design; by default they report half-yearly like villages. The county has no supervisor
 * inside the system, so it owes nothing.
 */
export const DEFAULT_REPORTING_DUTIES: ReportingDutiesConfig = Object.freeze({
  cadences: Object.freeze({
    county: null,
    township: 'quarterly',
    village: 'half-yearly',
    organ: 'half-yearly',
    enterprise: 'half-yearly',
  }) as Record<ReportingOrgKind, Cadence | null>,
  dueDaysAfterEnd: 10,
}) as ReportingDutiesConfig;

const MAX_DUE_DAYS = 366;

/** Does an organisation of this kind owe a report for this period? */
export function dutiesFor(period: PeriodLike, orgKind: ReportingOrgKind, config: ReportingDutiesConfig = DEFAULT_REPORTING_DUTIES): boolean {
  const cadence = config.cadences[orgKind];
  return cadence !== null && cadence !== undefined && cadence === toPeriod(period).cadence;
}

/** The cadences some kind reports on: the opening job asks for exactly these periods. */
export function cadencesInUse(config: ReportingDutiesConfig = DEFAULT_REPORTING_DUTIES): Cadence[] {
  const used = new Set(Object.values(config.cadences).filter((c): c is Cadence => c !== null));
  return CADENCES.filter((c) => used.has(c));
}

/** End of the day (period end + dueDaysAfterEnd days) in the business zone: 2026-Q4 → 2027-01-10T23:59:59.999+08:00. */
export function reportDueAt(period: PeriodLike, config: ReportingDutiesConfig, tz: string): Date {
  // The due day ends where the day after it starts: (first day after the period + N) at 00:00, minus 1 ms.
  return new Date(startOfDayAfterPeriod(toPeriod(period), config.dueDaysAfterEnd, tz).getTime() - 1);
}

/**
 * Parses the JSON of REPORTING_DUTIES, e.g.
 * `{"cadences": {"organ": "quarterly", "enterprise": "none"}, "dueDaysAfterEnd": 15}`.
 * Kinds not named keep their default; `"none"` or `null` means no duty. Errors name the field.
 */
export function parseReportingDuties(json: unknown): ReportingDutiesConfig {
  const variable = 'REPORTING_DUTIES';
  if (json === undefined || json === null) return cloneDefaults();
  if (typeof json !== 'object' || Array.isArray(json)) {
    throw new ConfigError(variable, 'must be a JSON object like {"cadences": {"township": "quarterly"}, "dueDaysAfterEnd": 10}');
  }
  const raw = json as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (key !== 'cadences' && key !== 'dueDaysAfterEnd') {
      throw new ConfigError(variable, `unknown key "${key}" (expected cadences, dueDaysAfterEnd)`);
    }
  }
  const config = cloneDefaults();
  if (raw.cadences !== undefined) {
    if (typeof raw.cadences !== 'object' || raw.cadences === null || Array.isArray(raw.cadences)) {
      throw new ConfigError(variable, 'cadences must be an object keyed by organisation kind');
    }
    for (const [kind, value] of Object.entries(raw.cadences as Record<string, unknown>)) {
      if (!(REPORTING_ORG_KINDS as readonly string[]).includes(kind)) {
        throw new ConfigError(variable, `cadences.${kind}: unknown organisation kind (expected ${REPORTING_ORG_KINDS.join(', ')})`);
      }
      if (value === null || value === 'none') {
        config.cadences[kind as ReportingOrgKind] = null;
      } else if (typeof value === 'string' && (CADENCES as readonly string[]).includes(value)) {
        config.cadences[kind as ReportingOrgKind] = value as Cadence;
      } else {
        throw new ConfigError(variable, `cadences.${kind}: ${JSON.stringify(value)} is not one of ${CADENCES.join(', ')}, none`);
      }
    }
  }
  if (raw.dueDaysAfterEnd !== undefined) {
    const days = raw.dueDaysAfterEnd;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > MAX_DUE_DAYS) {
      throw new ConfigError(variable, `dueDaysAfterEnd: ${JSON.stringify(days)} is not an integer in 0..${MAX_DUE_DAYS}`);
    }
    config.dueDaysAfterEnd = days;
  }
  return config;
}

/** Reads REPORTING_DUTIES from the environment (JSON text; unset or blank gives the defaults). */
export function reportingDutiesFromEnv(env: Record<string, string | undefined> = process.env): ReportingDutiesConfig {
  const text = env.REPORTING_DUTIES;
  if (text === undefined || text.trim() === '') return cloneDefaults();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError('REPORTING_DUTIES', `is not valid JSON (${(error as Error).message})`);
  }
  return parseReportingDuties(json);
}

function cloneDefaults(): ReportingDutiesConfig {
  return { cadences: { ...DEFAULT_REPORTING_DUTIES.cadences }, dueDaysAfterEnd: DEFAULT_REPORTING_DUTIES.dueDaysAfterEnd };
}

export interface ReportingOrganisation {
  id: string;
  kind: ReportingOrgKind;
  /** The supervisor; null for the root (the county). */
  parentId: string | null;
}

export interface PlannedObligation {
  orgId: string;
  supervisorOrgId: string;
  period: string;
  dueAt: Date;
}

/**
 * What opening a period means: one obligation per organisation that owes a report for it,
 * owed to its parent. The opening job (and `POST /reporting-periods/:period/open`) turns each
 * into an OpenReportingObligation; that command is idempotent, so re-running is harmless.
 */
export function planObligations(
  period: PeriodLike,
  organisations: Iterable<ReportingOrganisation>,
  config: ReportingDutiesConfig,
  tz: string,
): PlannedObligation[] {
  const text = formatPeriod(toPeriod(period));
  const dueAt = reportDueAt(text, config, tz);
  const planned: PlannedObligation[] = [];
  for (const org of organisations) {
    if (org.parentId === null || !dutiesFor(text, org.kind, config)) continue;
    planned.push({ orgId: org.id, supervisorOrgId: org.parentId, period: text, dueAt });
  }
  return planned;
}
