import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ZONED_INSTANT } from '@app/platform';
import { IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { INSTANT } from '../application/notice-request.dto.js';

export class RejectItemRequest {
  @ApiProperty({ example: '记录缺少参会人员签名', maxLength: 2000 })
  @IsString() @IsNotEmpty() @MaxLength(2000)
  reason!: string;

  @ApiPropertyOptional({ description: 'A new due time for the rework of this item' })
  @IsOptional() @IsISO8601({ strict: true }) @Matches(ZONED_INSTANT, INSTANT)
  dueAt?: string;
}
