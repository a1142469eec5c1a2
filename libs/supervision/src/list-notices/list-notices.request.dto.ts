import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageRequest } from '@app/platform';
import { LIGHTS, type Light } from '@app/kernel';
import { NOTICE_STATUSES, type NoticeStatus } from '../domain/notice.decider.js';

export class NoticeListRequest extends PageRequest {
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
}
