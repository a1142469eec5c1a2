import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { LIGHTS, type Light } from '@app/kernel';
import { NOTICE_STATUSES, type NoticeStatus } from '../domain/notice.decider.js';

export class NoticeListRequest {
  @ApiPropertyOptional({ example: 'twp-liuji' })
  @IsOptional() @IsString() @MaxLength(64)
  targetOrgId?: string;

  @ApiPropertyOptional({ description: 'Only notices issued by this organisation' })
  @IsOptional() @IsString() @MaxLength(64)
  issuerOrgId?: string;

  @ApiPropertyOptional({ enum: NOTICE_STATUSES })
  @IsOptional() @IsIn(NOTICE_STATUSES)
  status?: NoticeStatus;

  @ApiPropertyOptional({ enum: LIGHTS })
  @IsOptional() @IsIn(LIGHTS)
  light?: Light;

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000)
  offset?: number;
}
