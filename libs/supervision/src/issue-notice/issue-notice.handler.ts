import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppConfig, CalendarSet, Clock, conflict, newId, notFound } from '@app/kernel';
import { assertCanRead, assertCanSupervise, OrganizationDirectory, ORG_NOT_FOUND } from '@app/access';
import { CommandRunner, metadataFor } from '@app/platform';
import { noticeDecider, noticeStream } from '../domain/notice.decider.js';
import { resolveNoticeDue } from '../domain/notice.due.js';
import type { NoticeCommand } from '../domain/notice.commands.js';
import { IssueNoticeCommand, type IssueNoticeResult } from './issue-notice.command.js';

/** A shell: the clock once, the due time from the calendar, role and scope, then the decider. */
@CommandHandler(IssueNoticeCommand)
export class IssueNoticeHandler implements ICommandHandler<IssueNoticeCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly calendars: CalendarSet,
    private readonly organizations: OrganizationDirectory,
  ) {}

  async execute({ request, context }: IssueNoticeCommand): Promise<IssueNoticeResult> {
    const now = this.clock.now();
    const { actor } = context;
    const target = await this.organizations.get(request.targetOrgId);
    if (!target) throw notFound(ORG_NOT_FOUND, `No organisation ${request.targetOrgId}`);
    assertCanRead(actor, target);
    assertCanSupervise(actor, target);
    if (target.merged) throw conflict('ORG.MERGED', `${target.id} has been merged into another organisation`);
    const due = resolveNoticeDue(request, { now, tz: this.config.tzBusiness, calendars: this.calendars });
    const id = newId();
    const command: NoticeCommand = {
      type: 'IssueNotice',
      noticeId: id,
      now,
      actor: { userId: actor.userId, orgId: actor.orgId },
      targetOrgId: target.id,
      title: request.title,
      basis: request.basis ?? null,
      severity: request.severity,
      items: request.items.map((item) => ({ problem: item.problem, requiredAction: item.requiredAction })),
      dueAt: due.dueAt,
      calendarVersion: due.calendarVersion,
    };
    const outcome = await this.runner.run({
      streamId: noticeStream(id),
      decider: noticeDecider,
      command,
      metadata: metadataFor(context),
      now,
    });
    const state = outcome.state;
    if (!state.exists) throw new Error('NoticeIssued did not create the notice');
    return {
      id,
      revision: outcome.revision,
      items: state.items.map((item) => ({ id: item.id })),
      dueAt: state.deadline.dueAt.toISOString(),
      calendarVersion: state.calendarVersion,
    };
  }
}
