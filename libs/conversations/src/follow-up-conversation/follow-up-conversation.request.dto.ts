import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { FOLLOW_UP_OUTCOMES, type FollowUpOutcome } from '../domain/conversation.events.js';

export class FollowUpConversationRequest {
  @ApiProperty({ enum: FOLLOW_UP_OUTCOMES })
  @IsIn(FOLLOW_UP_OUTCOMES as unknown as string[])
  outcome!: FollowUpOutcome;

  @ApiPropertyOptional({ example: '回访发现整改措施已落实', maxLength: 4000 })
  @IsOptional() @IsString() @MaxLength(4000)
  notes?: string;
}
