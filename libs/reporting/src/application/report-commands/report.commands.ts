import { Command } from '@nestjs/cqrs';
import type { Actor } from '@app/platform';
import type { ReportStatus } from '../../domain/report.decider.js';
import type { ReportingCommandOrigin } from '../command-context.js';

export interface ReportCommandResult {
  orgId: string;
  period: string;
  status: ReportStatus;
  /** The report stream's revision after the command (If-Match takes it). */
  revision: number;
}

abstract class ReportCommandBase extends Command<ReportCommandResult> {
  constructor(
    readonly orgId: string,
    readonly period: string,
    readonly actor: Actor,
    readonly origin: ReportingCommandOrigin = {},
  ) {
    super();
  }
}

/** The organisation's clerk saves the draft (any number of times until it is submitted). */
export class SaveReportDraftCommand extends ReportCommandBase {
  constructor(
    orgId: string,
    period: string,
    actor: Actor,
    readonly content: { sections: Record<string, string>; figures: Record<string, number>; prefilled?: string[] },
    origin: ReportingCommandOrigin = {},
  ) {
    super(orgId, period, actor, origin);
  }
}

/** The organisation's clerk submits; late when after the due time. */
export class SubmitReportCommand extends ReportCommandBase {}

/** The supervisor (the parent organisation) returns the report with at least one reason. */
export class ReturnReportCommand extends ReportCommandBase {
  constructor(orgId: string, period: string, actor: Actor, readonly reasons: string[], origin: ReportingCommandOrigin = {}) {
    super(orgId, period, actor, origin);
  }
}

/** The supervisor accepts the submitted report, with an optional opinion (审核意见). */
export class AcceptReportCommand extends ReportCommandBase {
  constructor(orgId: string, period: string, actor: Actor, readonly comment: string | null = null, origin: ReportingCommandOrigin = {}) {
    super(orgId, period, actor, origin);
  }
}
