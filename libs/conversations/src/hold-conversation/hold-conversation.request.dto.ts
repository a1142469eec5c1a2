import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsISO8601, IsNotEmpty, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { ZONED_INSTANT } from '@app/platform';

const INSTANT = { message: 'must be an instant with a time and a zone (ISO 8601, e.g. 2026-11-20T09:30:00+08:00)' };

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
