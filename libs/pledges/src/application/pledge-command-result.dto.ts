import { ApiProperty } from '@nestjs/swagger';
import { PLEDGE_STATUSES } from '../domain/pledge.decider.js';

/** The answer of every command on a pledge (OpenAPI). */
export class PledgeCommandResponse {
  @ApiProperty() id!: string;
  @ApiProperty() revision!: number;
  @ApiProperty({ enum: PLEDGE_STATUSES }) status!: string;
}
