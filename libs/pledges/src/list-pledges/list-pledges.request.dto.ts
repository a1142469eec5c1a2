import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageRequest } from '@app/platform';
import { PLEDGE_STATUSES, type PledgeStatus } from '../domain/pledge.decider.js';

export class ListPledgesRequest extends PageRequest {
  @ApiPropertyOptional({ example: 'twp-liuji', description: 'Only pledges of this organisation (in the caller\'s subtree, else 404)' })
  @IsOptional() @IsString() @MaxLength(64)
  targetOrgId?: string;

  @ApiPropertyOptional({ enum: PLEDGE_STATUSES })
  @IsOptional() @IsIn(PLEDGE_STATUSES as unknown as string[])
  status?: PledgeStatus;
}
