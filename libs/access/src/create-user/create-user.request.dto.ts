import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { Role } from '../domain/authorization.js';
import { UserRolesProperty } from '../application/user-roles.request.js';

export class CreateUserRequest {
  @ApiProperty({ example: 'liuji-clerk', maxLength: 64 })
  @IsString()
  @MaxLength(64)
  username!: string;

  // bcrypt reads at most 72 bytes; a longer password would be silently cut.
  @ApiProperty({ minLength: 8, maxLength: 72, writeOnly: true })
  @IsString()
  @MinLength(8)
  @MaxLength(72)
  password!: string;

  @ApiProperty({ example: 'twp-liuji' })
  @IsString()
  @MaxLength(64)
  orgId!: string;

  @UserRolesProperty()
  roles!: Role[];
}
