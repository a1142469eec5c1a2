import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ORG_ID_MAX } from '../application/organization-request.dto.js';

export class ListOrganizationsRequest {
  @ApiPropertyOptional({ description: 'Only the direct children of this organisation' })
  @IsOptional()
  @IsString()
  @MaxLength(ORG_ID_MAX)
  parentId?: string;

  @ApiPropertyOptional({ default: 1000, maximum: 10000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  limit?: number;
}
