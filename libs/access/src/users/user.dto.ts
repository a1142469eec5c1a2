import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '../domain/authorization.js';

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

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles!: Role[];
}

export class ChangeRolesRequest {
  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles!: Role[];
}

export class LoginRequest {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @MaxLength(64)
  username!: string;

  @ApiProperty({ writeOnly: true })
  @IsString()
  @MaxLength(200)
  password!: string;
}
