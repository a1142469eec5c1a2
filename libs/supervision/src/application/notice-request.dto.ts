import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OptionalBody } from '@app/platform';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** The message of an instant refused by `ZONED_INSTANT` (a due time must say its zone). */
export const INSTANT = { message: 'must be an instant with a time and a zone (ISO 8601, e.g. 2026-11-20T18:00:00+08:00)' };

/** An optional opinion on a closing decision (核实意见 on verify, a comment on granting an extension); no body is fine. */
export class NoticeCommentRequest extends OptionalBody {
  @ApiPropertyOptional({ example: '核实通过，台账已补齐', maxLength: 2000 })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(2000)
  comment?: string;
}

/** The reason of a refusal or a withdrawal. */
export class NoticeReasonRequest {
  @ApiProperty({ maxLength: 2000 })
  @IsString() @IsNotEmpty() @MaxLength(2000)
  reason!: string;
}
