import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { ZONED_INSTANT } from '@app/platform';
import { FOLLOW_UP_OUTCOMES, type FollowUpOutcome } from '../domain/conversation.events.js';
import { CONVERSATION_STATUSES } from '../domain/conversation.decider.js';

const INSTANT = { message: 'must be an instant with a time and a zone (ISO 8601, e.g. 2026-11-20T09:30:00+08:00)' };

export class ScheduleConversationRequest {
  @ApiProperty({ example: '2026-11-20T09:30:00+08:00', description: 'When the conversation takes place (in the future)' })
  @IsISO8601({ strict: true }) @Matches(ZONED_INSTANT, INSTANT)
  at!: string;

  @ApiProperty({ example: '县委组织部三楼会议室', maxLength: 200 })
  @IsString() @IsNotEmpty() @MaxLength(200)
  place!: string;

  @ApiProperty({ example: '县委组织部副部长 王明', maxLength: 200 })
  @IsString() @IsNotEmpty() @MaxLength(200)
  interviewer!: string;
}

export class CommitmentRequest {
  @ApiProperty({ example: '一个月内补齐三会一课记录并报县委组织部', maxLength: 2000 })
  @IsString() @IsNotEmpty() @MaxLength(2000)
  text!: string;

  @ApiProperty({ example: '2026-12-20T18:00:00+08:00', description: 'When it is due (in the future)' })
  @IsISO8601({ strict: true }) @Matches(ZONED_INSTANT, INSTANT)
  dueAt!: string;
}

export class HoldConversationRequest {
  @ApiProperty({ example: '指出该镇党委落实整改不力的问题，党委书记作表态发言……', maxLength: 20000 })
  @IsString() @IsNotEmpty() @MaxLength(20000)
  minutes!: string;

  @ApiProperty({ type: [CommitmentRequest], maxItems: 50, description: 'What the organisation undertook; may be empty' })
  @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => CommitmentRequest)
  commitments!: CommitmentRequest[];
}

export class FollowUpConversationRequest {
  @ApiProperty({ enum: FOLLOW_UP_OUTCOMES })
  @IsIn(FOLLOW_UP_OUTCOMES as unknown as string[])
  outcome!: FollowUpOutcome;

  @ApiPropertyOptional({ example: '回访发现整改措施已落实', maxLength: 4000 })
  @IsOptional() @IsString() @MaxLength(4000)
  notes?: string;
}

export class CancelConversationRequest {
  @ApiProperty({ example: '问题已于谈话前整改到位', maxLength: 2000 })
  @IsString() @IsNotEmpty() @MaxLength(2000)
  reason!: string;
}

export class ConversationActionResponse {
  @ApiProperty() id!: string;
  @ApiProperty() revision!: number;
  @ApiProperty({ enum: CONVERSATION_STATUSES }) status!: string;
}
