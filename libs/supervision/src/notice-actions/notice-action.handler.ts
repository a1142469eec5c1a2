import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppConfig, Clock } from '@app/kernel';
import { CommandRunner, metadataFor } from '@app/platform';
import { noticeDecider, noticeStream } from '../domain/notice.decider.js';
import type { NoticeCommand } from '../domain/notice.commands.js';
import { NoticeAccess, type NoticeSide } from '../application/notice-access.js';
import { NoticeActionCommand, type NoticeAction, type NoticeActionResult } from './notice-action.command.js';

/** Who acts for each command (DESIGN §6): the target signs, rectifies and asks; the issuer decides. */
const SIDE: Record<NoticeAction['type'], NoticeSide> = {
  AcknowledgeNotice: 'target',
  RectifyItem: 'target',
  RequestExtension: 'target',
  VerifyItem: 'issuer',
  RejectItem: 'issuer',
  GrantExtension: 'issuer',
  DenyExtension: 'issuer',
  WithdrawNotice: 'issuer',
  AddProgressNote: 'party',
};

/** The shell for every command on an existing notice: clock once, scope, role, then the decider. */
@CommandHandler(NoticeActionCommand)
export class NoticeActionHandler implements ICommandHandler<NoticeActionCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly access: NoticeAccess,
  ) {}

  async execute({ noticeId, action, context }: NoticeActionCommand): Promise<NoticeActionResult> {
    const now = this.clock.now();
    const loaded = await this.access.load(noticeId, context.actor);
    this.access.assertMayAct(context.actor, SIDE[action.type], loaded);
    const command = {
      ...action,
      noticeId,
      now,
      actor: { userId: context.actor.userId, orgId: context.actor.orgId },
      maxExtensions: this.config.maxExtensions,
    } as NoticeCommand;
    const outcome = await this.runner.run({
      streamId: noticeStream(noticeId),
      decider: noticeDecider,
      command,
      metadata: metadataFor(context),
      now,
      expectedRevision: context.expectedRevision,
      history: loaded.history,
    });
    const status = outcome.state.exists ? outcome.state.status : loaded.notice.status;
    const requested = outcome.events.find((event) => event.type === 'ExtensionRequested');
    return {
      id: noticeId,
      revision: outcome.revision,
      status,
      ...(requested?.type === 'ExtensionRequested' ? { requestId: requested.data.requestId } : {}),
    };
  }
}
