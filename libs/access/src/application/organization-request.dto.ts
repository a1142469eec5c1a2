import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

// Shapes are checked here (type, size); the decider checks the rules (slug pattern, tree shape).
/** The longest organisation id a request may carry (the id rule allows 64 characters). */
export const ORG_ID_MAX = 64;

/** A reason required (backward designation). */
export class ReasonRequest {
  @ApiProperty({ maxLength: 1000 })
  @IsString()
  @MaxLength(1000)
  reason!: string;
}

/** A reason that may be left out (restoring an organisation, disabling a user). */
export class OptionalReasonRequest {
  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

/** A plaque and why it is awarded or revoked. */
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
