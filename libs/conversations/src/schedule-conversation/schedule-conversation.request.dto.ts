import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { ZONED_INSTANT } from '@app/platform';

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
