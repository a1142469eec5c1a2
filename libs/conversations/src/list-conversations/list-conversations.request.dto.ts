import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageRequest } from '@app/platform';
import { CONVERSATION_STATUSES, type ConversationStatus } from '../domain/conversation.decider.js';

export class ListConversationsRequest extends PageRequest {
  @ApiPropertyOptional({ example: 'twp-liuji', description: 'Only conversations with this organisation (in the caller\'s subtree, else 404)' })
  @IsOptional() @IsString() @MaxLength(64)
  targetOrgId?: string;

  @ApiPropertyOptional({ enum: CONVERSATION_STATUSES })
  @IsOptional() @IsIn(CONVERSATION_STATUSES as unknown as string[])
  status?: ConversationStatus;
}
