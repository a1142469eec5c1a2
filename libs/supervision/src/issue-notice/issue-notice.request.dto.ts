import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ZONED_INSTANT } from '@app/platform';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { NOTICE_SEVERITIES, type NoticeSeverity } from '../domain/notice.events.js';

export class NoticeItemRequest {
  @ApiProperty({ example: '三会一课记录不全', maxLength: 2000 })
  @IsString() @IsNotEmpty() @MaxLength(2000)
  problem!: string;

  @ApiProperty({ example: '补齐第二季度支部委员会会议记录', maxLength: 2000 })
  @IsString() @IsNotEmpty() @MaxLength(2000)
  requiredAction!: string;
}

/** DESIGN §7 "Issue a notice": exactly one of dueAt, dueDate, dueInWorkingDays. */
export class IssueNoticeRequest {
  @ApiProperty({ example: 'twp-liuji', description: 'A direct child of the caller\'s organisation' })
  @IsString() @IsNotEmpty() @MaxLength(64)
  targetOrgId!: string;

  @ApiProperty({ example: '关于第二季度党建督查发现问题限期整改的通知', maxLength: 200 })
  @IsString() @IsNotEmpty() @MaxLength(200)
  title!: string;

  @ApiPropertyOptional({ example: '2026年第二季度党建工作督查', maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  basis?: string;

  @ApiPropertyOptional({ enum: NOTICE_SEVERITIES, default: 'normal' })
  @IsOptional() @IsIn(NOTICE_SEVERITIES as unknown as string[])
  severity?: NoticeSeverity;

  @ApiProperty({ type: [NoticeItemRequest], minItems: 1, maxItems: 50 })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => NoticeItemRequest)
  items!: NoticeItemRequest[];

  @ApiPropertyOptional({ example: '2026-12-31T09:00:00+08:00', description: 'An instant (ISO 8601 with time and zone)' })
  @IsOptional() @IsISO8601({ strict: true }) @Matches(ZONED_INSTANT, { message: 'dueAt must be an instant with a time and a zone (e.g. 2026-11-20T18:00:00+08:00); use dueDate for a day' })
  dueAt?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'A day: due at its end in the business time zone' })
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueDate must be a date YYYY-MM-DD' })
  dueDate?: string;

  @ApiPropertyOptional({ example: 10, description: 'Working days counted from the day after issue (weekends, holidays and 调休 from config/calendar)' })
  @IsOptional() @IsInt() @Min(1) @Max(366)
  dueInWorkingDays?: number;
}

export class IssueNoticeResponse {
  @ApiProperty() id!: string;
  @ApiProperty() revision!: number;
  @ApiProperty({ example: [{ id: '1' }] }) items!: Array<{ id: string }>;
}
