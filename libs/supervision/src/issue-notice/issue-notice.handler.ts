import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppConfig, CalendarSet, Clock } from '@app/kernel';
import { OrganizationDirectory, supervisedChild } from '@app/access';
import { CommandRunner, metadataFor } from '@app/platform';
import { noticeDecider, noticeStream, type NoticeState } from '../domain/notice.decider.js';
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
    const target = await supervisedChild(this.organizations, actor, request.targetOrgId);
    const due = resolveNoticeDue(request, { now, tz: this.config.tzBusiness, calendars: this.calendars });
    const { id, state, revision } = await this.runner.create({
      context,
      purpose: 'notice-issue',
      streamOf: noticeStream,
      existsCode: 'NOTICE.EXISTS',
      decider: noticeDecider,
      metadata: metadataFor(context),
      now,
      command: (noticeId): NoticeCommand => ({
        type: 'IssueNotice',
        noticeId,
        now,
        actor: { userId: actor.userId, orgId: actor.orgId },
        targetOrgId: target.id,
        title: request.title,
        basis: request.basis ?? null,
        severity: request.severity,
        items: request.items.map((item) => ({ problem: item.problem, requiredAction: item.requiredAction })),
        dueAt: due.dueAt,
        calendarVersion: due.calendarVersion,
      }),
    });
    return answer(id, state, revision);
  }
}

function answer(id: string, state: NoticeState, revision: number): IssueNoticeResult {
  if (!state.exists) throw new Error('NoticeIssued did not create the notice');
  return {
    id,
    revision,
    items: state.items.map((item) => ({ id: item.id })),
    dueAt: state.deadline.dueAt.toISOString(),
    calendarVersion: state.calendarVersion,
  };
}
