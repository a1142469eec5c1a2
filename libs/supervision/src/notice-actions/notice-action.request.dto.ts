import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OptionalBody, ZONED_INSTANT } from '@app/platform';
import { IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';

const INSTANT = { message: 'must be an instant with a time and a zone (ISO 8601, e.g. 2026-11-20T18:00:00+08:00)' };

/** A progress note: `{text}`, or `{note}` as clients also name it (one of the two is required). */
export class ProgressNoteRequest {
  @ApiPropertyOptional({ example: '已召开专题组织生活会，整改方案已报镇党委', maxLength: 4000, description: 'The note (or send it as `note`)' })
  @ValidateIf((o: ProgressNoteRequest) => o.note === undefined) @IsString() @IsNotEmpty() @MaxLength(4000)
  text?: string;

  @ApiPropertyOptional({ maxLength: 4000, description: 'Another name for `text`' })
  @ValidateIf((o: ProgressNoteRequest) => o.text === undefined) @IsString() @IsNotEmpty() @MaxLength(4000)
  note?: string;
}

export class RectifyItemRequest {
  @ApiProperty({ example: '补齐会议记录7份，附扫描件', maxLength: 4000 })
  @IsString() @IsNotEmpty() @MaxLength(4000)
  evidence!: string;
}

export class RejectItemRequest {
  @ApiProperty({ example: '记录缺少参会人员签名', maxLength: 2000 })
  @IsString() @IsNotEmpty() @MaxLength(2000)
  reason!: string;

  @ApiPropertyOptional({ description: 'A new due time for the rework of this item' })
  @IsOptional() @IsISO8601({ strict: true }) @Matches(ZONED_INSTANT, INSTANT)
  dueAt?: string;
}

export class ExtensionRequestRequest {
  @ApiProperty({ example: '2026-12-31T18:00:00+08:00' })
  @IsISO8601({ strict: true }) @Matches(ZONED_INSTANT, INSTANT)
  requestedDueAt!: string;

  @ApiProperty({ example: '村两委换届期间，需延期十日', maxLength: 2000 })
  @IsString() @IsNotEmpty() @MaxLength(2000)
  reason!: string;
}

/** An optional opinion on a closing decision (核实意见 on verify, a comment on granting an extension); no body is fine. */
export class NoticeCommentRequest extends OptionalBody {
  @ApiPropertyOptional({ example: '核实通过，台账已补齐', maxLength: 2000 })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(2000)
  comment?: string;
}

export class NoticeReasonRequest {
  @ApiProperty({ maxLength: 2000 })
  @IsString() @IsNotEmpty() @MaxLength(2000)
  reason!: string;
}

export class NoticeActionResponse {
  @ApiProperty() id!: string;
  @ApiProperty() revision!: number;
  @ApiProperty({ enum: ['issued', 'in_progress', 'closed', 'withdrawn'] }) status!: string;
  @ApiPropertyOptional({ description: 'For an extension request' }) requestId?: string;
}
