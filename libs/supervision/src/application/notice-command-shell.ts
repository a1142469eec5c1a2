import { Injectable } from '@nestjs/common';
import { Clock } from '@app/kernel';
import { CommandRunner, metadataFor, type CommandContext } from '@app/platform';
import type { NoticeActionCommand } from '../domain/notice.commands.js';
import { noticeDecider, noticeStream } from '../domain/notice.decider.js';
import type { NoticeEvent } from '../domain/notice.events.js';
import { NoticeAccess } from './notice-access.js';
import type { NoticeActionResult } from './notice-action.result.js';

/** What every command on an existing notice shares, filled in by the shell; the use case adds its own part. */
export type NoticeCommandBase = Pick<NoticeActionCommand, 'noticeId' | 'now' | 'actor'>;

/**
 * The one path of every command on an existing notice: the clock once, the notice loaded and the
 * access policy asked once (notice.policy.ts), then the runner decides on the state just loaded
 * (one read, one fold), appends, and answers with the notice's status.
 */
@Injectable()
export class NoticeCommandShell {
  constructor(private readonly runner: CommandRunner, private readonly clock: Clock, private readonly access: NoticeAccess) {}

  async run(
    noticeId: string,
    context: CommandContext,
    command: (base: NoticeCommandBase) => NoticeActionCommand,
    answer: (events: NoticeEvent[]) => Partial<NoticeActionResult> = () => ({}),
  ): Promise<NoticeActionResult> {
    const now = this.clock.now();
    const decided = command({ noticeId, now, actor: { userId: context.actor.userId, orgId: context.actor.orgId } });
    const loaded = await this.access.load(noticeId, context.actor, decided.type);
    const outcome = await this.runner.run({
      streamId: noticeStream(noticeId),
      decider: noticeDecider,
      command: decided,
      metadata: metadataFor(context),
      now,
      expectedRevision: context.expectedRevision,
      loaded: { state: loaded.notice, revision: loaded.revision },
    });
    const status = outcome.state.exists ? outcome.state.status : loaded.notice.status;
    return { id: noticeId, revision: outcome.revision, status, ...answer(outcome.events) };
  }
}
