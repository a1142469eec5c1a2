import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { ORG_ID_MAX } from '../application/organization-request.dto.js';

export class MergeOrganizationRequest {
  @ApiProperty({ description: 'The organisation this one is merged into (same kind)' })
  @IsString()
  @MaxLength(ORG_ID_MAX)
  intoId!: string;
}
