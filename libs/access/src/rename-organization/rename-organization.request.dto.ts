import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { ORG_NAME_MAX } from '../domain/organization.rules.js';

export class RenameOrganizationRequest {
  @ApiProperty({ maxLength: ORG_NAME_MAX })
  @IsString()
  @MaxLength(ORG_NAME_MAX)
  name!: string;
}
