import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CommandCtx, CurrentActor, type Actor, type CommandContext } from '@app/platform';
import { CONVERSATION_STATUSES } from '../domain/conversation.decider.js';
import { ConversationAccess } from '../application/conversation-access.js';
import { ProposeConversationCommand, type ProposeConversationResult } from '../propose-conversation/propose-conversation.command.js';
import { ProposeConversationRequest } from '../propose-conversation/propose-conversation.request.dto.js';
import { ConversationActionCommand, type ConversationAction, type ConversationActionResult } from '../conversation-actions/conversation-action.command.js';
import {
  CancelConversationRequest,
  ConversationActionResponse,
  FollowUpConversationRequest,
  HoldConversationRequest,
  ScheduleConversationRequest,
} from '../conversation-actions/conversation-action.request.dto.js';
import { toConversationView, type ConversationView } from '../read-models/conversation-view.js';

class ConversationViewResponse {
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
  @ApiProperty({ nullable: true, enum: ['improved', 'not_improved'] }) outcome!: string;
  @ApiProperty() revision!: number;
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
  constructor(private readonly commands: CommandBus, private readonly access: ConversationAccess) {}

  @Post()
  @ApiOperation({ summary: 'Propose an admonishment conversation (诫勉谈话) with a direct child organisation, by hand' })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: ConversationActionResponse })
  propose(@CommandCtx() ctx: CommandContext, @Body() body: ProposeConversationRequest): Promise<ProposeConversationResult> {
    return this.commands.execute(new ProposeConversationCommand(body, ctx));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A conversation with its schedule, minutes, commitments, outcome, revision and timeline' })
  @ApiOkResponse({ type: ConversationViewResponse })
  async get(@CurrentActor() actor: Actor, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<ConversationView> {
    const loaded = await this.access.load(id, actor);
    void reply.header('etag', `"${loaded.revision}"`);
    return toConversationView(loaded.subject, loaded.history);
  }

  private act(id: string, action: ConversationAction, ctx: CommandContext): Promise<ConversationActionResult> {
    return this.commands.execute(new ConversationActionCommand(id, action, ctx));
  }

  @Post(':id/schedule')
  @HttpCode(200)
  @ApiOperation({ summary: 'Schedule the conversation (time, place, interviewer), or reschedule it before it is held' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: ConversationActionResponse })
  schedule(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: ScheduleConversationRequest) {
    return this.act(id, { type: 'ScheduleConversation', at: new Date(body.at), place: body.place, interviewer: body.interviewer }, ctx);
  }

  @Post(':id/hold')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the scheduled conversation as held: minutes and commitments (each with a due time)' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: ConversationActionResponse })
  hold(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: HoldConversationRequest) {
    const commitments = body.commitments.map((commitment) => ({ text: commitment.text, dueAt: new Date(commitment.dueAt) }));
    return this.act(id, { type: 'HoldConversation', minutes: body.minutes, commitments }, ctx);
  }

  @Post(':id/follow-up')
  @HttpCode(200)
  @ApiOperation({ summary: 'Review the follow-up of a held conversation (improved / not improved); this closes it' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: ConversationActionResponse })
  followUp(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: FollowUpConversationRequest) {
    return this.act(id, { type: 'FollowUpConversation', outcome: body.outcome, notes: body.notes ?? null }, ctx);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a proposed or scheduled conversation, with a reason' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: ConversationActionResponse })
  cancel(@CommandCtx() ctx: CommandContext, @Param('id') id: string, @Body() body: CancelConversationRequest) {
    return this.act(id, { type: 'CancelConversation', reason: body.reason }, ctx);
  }
}
