import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ORG_KINDS, ORG_NAME_MAX, type OrgKind } from '../domain/organization.rules.js';

// Shapes are checked here (type, size); the decider checks the rules (slug pattern, tree shape).
const ID_MAX = 64;

export class RegisterOrganizationRequest {
  @ApiProperty({ example: 'twp-liuji', maxLength: ID_MAX })
  @IsString()
  @MaxLength(ID_MAX)
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
  @MaxLength(ID_MAX)
  parentId?: string | null;
}

export class AppointSecretaryRequest {
  @ApiProperty({ example: '王建国', maxLength: 50 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name!: string;

  @ApiPropertyOptional({ description: 'The secretary’s user, when the secretary signs in' })
  @IsOptional()
  @IsString()
  @MaxLength(ID_MAX)
  userId?: string;
}

export class RenameOrganizationRequest {
  @ApiProperty({ maxLength: ORG_NAME_MAX })
  @IsString()
  @MaxLength(ORG_NAME_MAX)
  name!: string;
}

export class MergeOrganizationRequest {
  @ApiProperty({ description: 'The organisation this one is merged into (same kind)' })
  @IsString()
  @MaxLength(ID_MAX)
  intoId!: string;
}

export class ReasonRequest {
  @ApiProperty({ maxLength: 1000 })
  @IsString()
  @MaxLength(1000)
  reason!: string;
}

export class OptionalReasonRequest {
  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class PlaqueRequest {
  @ApiProperty({ example: '五星级党组织', maxLength: 100 })
  @IsString()
  @MaxLength(100)
  plaque!: string;

  @ApiProperty({ maxLength: 1000 })
  @IsString()
  @MaxLength(1000)
  reason!: string;
}

export class ListOrganizationsQuery {
  @ApiPropertyOptional({ description: 'Only the direct children of this organisation' })
  @IsOptional()
  @IsString()
  @MaxLength(ID_MAX)
  parentId?: string;

  @ApiPropertyOptional({ default: 1000, maximum: 10000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  limit?: number;
}

export interface OrganizationView {
  id: string;
  name: string;
  kind: OrgKind;
  parentId: string | null;
  ancestors: string[];
  merged: boolean;
  mergedInto: string | null;
  secretary: { name: string; userId: string | null } | null;
  backward: { reason: string | null } | null;
  plaques: string[];
  registeredAt: string;
  revision: number;
}
