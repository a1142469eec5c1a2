import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CONVERSATION_STATUSES, type ConversationStatus } from '../domain/conversation.decider.js';

export class ListConversationsRequest {
  @ApiPropertyOptional({ example: 'twp-liuji', description: 'Only conversations with this organisation (in the caller\'s subtree, else 404)' })
  @IsOptional() @IsString() @MaxLength(64)
  targetOrgId?: string;

  @ApiPropertyOptional({ enum: CONVERSATION_STATUSES })
  @IsOptional() @IsIn(CONVERSATION_STATUSES as unknown as string[])
  status?: ConversationStatus;

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000)
  offset?: number;
}
