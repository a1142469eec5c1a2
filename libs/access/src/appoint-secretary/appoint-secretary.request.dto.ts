import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { ORG_ID_MAX } from '../application/organization-request.dto.js';

export class AppointSecretaryRequest {
  @ApiProperty({ example: '王建国', maxLength: 50 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name!: string;

  @ApiPropertyOptional({ description: 'The secretary’s user, when the secretary signs in' })
  @IsOptional()
  @IsString()
  @MaxLength(ORG_ID_MAX)
  userId?: string;
}
