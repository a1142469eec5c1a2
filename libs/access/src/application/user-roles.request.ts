import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn } from 'class-validator';
import { ROLES } from '../domain/authorization.js';

/** The roles a request gives a user (creating it, changing them): at least one, each one of ROLES. */
export const UserRolesProperty = () =>
  applyDecorators(ApiProperty({ enum: ROLES, isArray: true }), IsArray(), ArrayMinSize(1), ArrayMaxSize(ROLES.length), IsIn(ROLES, { each: true }));
