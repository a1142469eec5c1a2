import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { OptionalBody } from '@app/platform';

/** Accepting takes an optional opinion (审核意见); no body is fine. */
export class AcceptReportRequest extends OptionalBody {
  @ApiPropertyOptional({ example: '内容详实，数据准确，予以通过', maxLength: 2000 })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(2000)
  comment?: string;
}
