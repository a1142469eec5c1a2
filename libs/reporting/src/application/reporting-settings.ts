import { reportingDutiesFromEnv, type ReportingDutiesConfig } from '../domain/reporting-duties.js';

/**
 * The validated REPORTING_DUTIES as a DI token. Built by a provider factory, so a bad value
 * throws a ConfigError naming the variable while the module starts, not at the first request.
 */
export class ReportingSettings {
  constructor(readonly duties: ReportingDutiesConfig) {}

  static fromEnv(env: Record<string, string | undefined> = process.env): ReportingSettings {
    return new ReportingSettings(reportingDutiesFromEnv(env));
  }
}
