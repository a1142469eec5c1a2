import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PLEDGE_STATUSES, type PledgeStatus } from '../domain/pledge.decider.js';

export class ListPledgesRequest {
  @ApiPropertyOptional({ example: 'twp-liuji', description: 'Only pledges of this organisation (in the caller\'s subtree, else 404)' })
  @IsOptional() @IsString() @MaxLength(64)
  targetOrgId?: string;

  @ApiPropertyOptional({ enum: PLEDGE_STATUSES })
  @IsOptional() @IsIn(PLEDGE_STATUSES as unknown as string[])
  status?: PledgeStatus;

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000)
  offset?: number;
}
