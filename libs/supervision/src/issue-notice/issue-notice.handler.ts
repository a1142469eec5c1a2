import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppConfig, CalendarSet, Clock, conflict, deterministicId, foldRecorded, newId, notFound, type RecordedEvent } from '@app/kernel';
import { EventStore } from '@app/event-store';
import { assertCanRead, assertCanSupervise, OrganizationDirectory, ORG_NOT_FOUND } from '@app/access';
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
    private readonly store: EventStore,
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
    // With an Idempotency-Key the notice's id follows from the key and the user: a retry that
    // runs again (its first answer was lost in a crash) finds the notice it created and answers
    // with it instead of issuing a second one.
    const key = context.idempotencyKey;
    const id = key ? deterministicId('notice-issue', actor.userId, key) : newId();
    // A new id has no stream yet; a key's id may have the notice of an earlier run. Either way the
    // stream is read once: the runner takes this history for its first attempt.
    const history = key ? await this.store.readStream(noticeStream(id)) : [];
    if (history.length > 0) return answerOfEarlierRun(id, key!, history);
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
      history,
    });
    return answer(id, outcome.state, outcome.revision);
  }
}

function answerOfEarlierRun(id: string, key: string, history: RecordedEvent[]): IssueNoticeResult {
  if (history[0]!.metadata.idempotencyKey !== key) throw conflict('NOTICE.EXISTS', 'A notice with this id exists already');
  return answer(id, foldRecorded(noticeDecider, history), history[history.length - 1]!.streamRevision);
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
