import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ORG_KINDS, ORG_NAME_MAX, type OrgKind } from '../domain/organization.rules.js';
import { ORG_ID_MAX } from '../application/organization-request.dto.js';

export class RegisterOrganizationRequest {
  @ApiProperty({ example: 'twp-liuji', maxLength: ORG_ID_MAX })
  @IsString()
  @MaxLength(ORG_ID_MAX)
  id!: string;

  @ApiProperty({ example: '刘集镇党委', maxLength: ORG_NAME_MAX })
  @IsString()
  @MaxLength(ORG_NAME_MAX)
  name!: string;

  @ApiProperty({ enum: ORG_KINDS })
  @IsIn(ORG_KINDS)
  kind!: OrgKind;

  @ApiPropertyOptional({ nullable: true, example: 'county', description: 'null only for a county' })
  @IsOptional()
  @IsString()
  @MaxLength(ORG_ID_MAX)
  parentId?: string | null;
}
