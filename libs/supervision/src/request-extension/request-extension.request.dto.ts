import { ApiProperty } from '@nestjs/swagger';
import { ZONED_INSTANT } from '@app/platform';
import { IsISO8601, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { INSTANT } from '../application/notice-request.dto.js';

export class ExtensionRequestRequest {
  @ApiProperty({ example: '2026-12-31T18:00:00+08:00' })
  @IsISO8601({ strict: true }) @Matches(ZONED_INSTANT, INSTANT)
  requestedDueAt!: string;

  @ApiProperty({ example: '村两委换届期间，需延期十日', maxLength: 2000 })
  @IsString() @IsNotEmpty() @MaxLength(2000)
  reason!: string;
}
