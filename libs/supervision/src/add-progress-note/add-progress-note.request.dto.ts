import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';

/** A progress note: `{text}`, or `{note}` as clients also name it (one of the two is required). */
export class ProgressNoteRequest {
  @ApiPropertyOptional({ example: '已召开专题组织生活会，整改方案已报镇党委', maxLength: 4000, description: 'The note (or send it as `note`)' })
  @ValidateIf((o: ProgressNoteRequest) => o.note === undefined) @IsString() @IsNotEmpty() @MaxLength(4000)
  text?: string;

  @ApiPropertyOptional({ maxLength: 4000, description: 'Another name for `text`' })
  @ValidateIf((o: ProgressNoteRequest) => o.text === undefined) @IsString() @IsNotEmpty() @MaxLength(4000)
  note?: string;
}
