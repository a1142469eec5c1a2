import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';

export interface OpenReportingPeriodResult {
  period: string;
  /** Obligations created by this command. */
  opened: number;
  /** Obligations that already existed (opening is idempotent). */
  alreadyOpen: number;
}

/**
 * Opens a reporting period: one obligation per organisation owing a report for it. A supervisor
 * opens it for its children; an admin, or the system actor of the recurring job, for every
 * organisation. `POST /reporting-periods/:period/open` and the job send exactly this command.
 */
export class OpenReportingPeriodCommand extends Command<OpenReportingPeriodResult> {
  constructor(readonly period: string, readonly context: CommandContext) {
    super();
  }
}
