import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CommandCtx, CurrentActor, type Actor, type CommandContext } from '@app/platform';
import { CONVERSATION_STATUSES } from '../domain/conversation.decider.js';
import type { ConversationCommandResult } from '../application/conversation-command-shell.js';
import { ConversationCommandResponse } from '../application/conversation-command-result.dto.js';
import { ProposeConversationCommand, type ProposeConversationResult } from '../propose-conversation/propose-conversation.command.js';
import { ProposeConversationRequest } from '../propose-conversation/propose-conversation.request.dto.js';
import { ScheduleConversationCommand } from '../schedule-conversation/schedule-conversation.command.js';
import { ScheduleConversationRequest } from '../schedule-conversation/schedule-conversation.request.dto.js';
import { HoldConversationCommand } from '../hold-conversation/hold-conversation.command.js';
import { HoldConversationRequest } from '../hold-conversation/hold-conversation.request.dto.js';
import { FollowUpConversationCommand } from '../follow-up-conversation/follow-up-conversation.command.js';
import { FollowUpConversationRequest } from '../follow-up-conversation/follow-up-conversation.request.dto.js';
import { CancelConversationCommand } from '../cancel-conversation/cancel-conversation.command.js';
import { CancelConversationRequest } from '../cancel-conversation/cancel-conversation.request.dto.js';
import { GetConversationQuery } from '../get-conversation/get-conversation.query.js';
import type { ConversationSummary, ConversationView } from '../get-conversation/conversation-view.js';
import { ListConversationsQuery } from '../list-conversations/list-conversations.query.js';
import { ListConversationsRequest } from '../list-conversations/list-conversations.request.dto.js';

class ConversationSummaryResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['escalation', 'manual'] }) source!: string;
  @ApiProperty() targetOrgId!: string;
  @ApiProperty() supervisorOrgId!: string;
  @ApiProperty({ enum: CONVERSATION_STATUSES }) status!: string;
  @ApiProperty({ description: "The supervisor's reason, or `escalation` for a proposal of the escalation ladder" }) reason!: string;
  @ApiProperty({ nullable: true, example: { kind: 'notice', id: '…' } }) subject!: unknown;
  @ApiProperty({ nullable: true, example: { at: '2026-11-20T01:30:00.000Z', place: '县委组织部三楼会议室', interviewer: '县委组织部副部长 王明' } }) schedule!: unknown;
  @ApiProperty({ nullable: true }) minutes!: string;
  @ApiProperty({ example: [{ id: '1', text: '一个月内补齐三会一课记录', dueAt: '2026-12-20T10:00:00.000Z' }] }) commitments!: unknown[];
  @ApiProperty({ nullable: true, description: 'The responsibility letter the commitments become (GET /pledges/:id); null without commitments' }) commitmentsPledgeId!: string;
  @ApiProperty({ nullable: true, enum: ['improved', 'not_improved'] }) outcome!: string;
  @ApiProperty() revision!: number;
}

class ConversationViewResponse extends ConversationSummaryResponse {
  @ApiProperty({ example: [{ type: 'ConversationProposed', at: '2026-11-02T01:00:00.000Z', actorId: '…' }] }) timeline!: unknown[];
}

const IF_MATCH = { name: 'If-Match', required: false, description: 'Run only if the conversation is at this revision (else 412)' };
const IDEMPOTENCY_KEY = { name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body gets the first answer' };

/**
 * 诫勉谈话: a supervisor of the target's parent proposes (or takes over the ladder's proposal),
 * schedules, records and follows up a conversation; whoever reads the target reads it.
 */
@ApiTags('conversations')
@ApiBearerAuth()
@Controller('conversations')
export class ConversationsController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

  @Post()
  @ApiOperation({ summary: 'Propose an admonishment conversation (诫勉谈话) with a direct child organisation, by hand' })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: ConversationCommandResponse })
  propose(@CommandCtx() ctx: CommandContext, @Body() body: ProposeConversationRequest): Promise<ProposeConversationResult> {
    return this.commands.execute(new ProposeConversationCommand(body, ctx));
  }

  @Get()
  @ApiOperation({ summary: 'Conversations under the caller (their target in its subtree), newest first; a target outside it is a 404' })
  @ApiOkResponse({ type: [ConversationSummaryResponse] })
  list(@CurrentActor() actor: Actor, @Query() query: ListConversationsRequest): Promise<ConversationSummary[]> {
    return this.queries.execute(new ListConversationsQuery(query, actor));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A conversation with its schedule, minutes, commitments, outcome, revision and timeline' })
  @ApiOkResponse({ type: ConversationViewResponse })
  async get(@CurrentActor() actor: Actor, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<ConversationView> {
    const view = await this.queries.execute(new GetConversationQuery(id, actor));
    void reply.header('etag', `"${view.revision}"`);
    return view;
  }

  @Post(':id/schedule')
  @HttpCode(200)
  @ApiOperation({ summary: 'Schedule the conversation (time, place, interviewer), or reschedule it before it is held' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: ConversationCommandResponse })
  schedule(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: ScheduleConversationRequest): Promise<ConversationCommandResult> {
    return this.commands.execute(new ScheduleConversationCommand(id, body, ctx));
  }

  @Post(':id/hold')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the scheduled conversation as held: minutes and commitments (each with a due time; they become the items of a responsibility letter)' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: ConversationCommandResponse })
  hold(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: HoldConversationRequest): Promise<ConversationCommandResult> {
    return this.commands.execute(new HoldConversationCommand(id, body, ctx));
  }

  @Post(':id/follow-up')
  @HttpCode(200)
  @ApiOperation({ summary: 'Review the follow-up of a held conversation (improved / not improved); this closes it, and not improved recommends adjusting the secretary' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: ConversationCommandResponse })
  followUp(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: FollowUpConversationRequest): Promise<ConversationCommandResult> {
    return this.commands.execute(new FollowUpConversationCommand(id, body, ctx));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a proposed or scheduled conversation, with a reason' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: ConversationCommandResponse })
  cancel(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: CancelConversationRequest): Promise<ConversationCommandResult> {
    return this.commands.execute(new CancelConversationCommand(id, body, ctx));
  }
}
