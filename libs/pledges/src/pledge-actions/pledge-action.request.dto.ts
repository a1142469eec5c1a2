import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsNumber, IsString, Max, MaxLength, Min } from 'class-validator';
import { INSPECTION_RATINGS, type InspectionRating } from '../domain/pledge.events.js';
import { PLEDGE_STATUSES } from '../domain/pledge.decider.js';

export class PledgeProgressRequest {
  @ApiProperty({ example: '已召开专题推进会，完成3个支部阵地改造', maxLength: 4000 })
  @IsString() @IsNotEmpty() @MaxLength(4000)
  note!: string;
}

export class PledgeFulfilRequest {
  @ApiProperty({ example: '验收报告及现场照片（档案编号 2026-017）', maxLength: 4000 })
  @IsString() @IsNotEmpty() @MaxLength(4000)
  evidence!: string;
}

export class PledgeInspectionRequest {
  @ApiProperty({ enum: INSPECTION_RATINGS })
  @IsIn(INSPECTION_RATINGS as unknown as string[])
  rating!: InspectionRating;

  @ApiProperty({ example: '承诺事项推进有序，台账规范', maxLength: 4000 })
  @IsString() @IsNotEmpty() @MaxLength(4000)
  findings!: string;
}

export class PledgeEvaluationRequest {
  @ApiProperty({ example: '责任落实到位，成效明显', maxLength: 4000 })
  @IsString() @IsNotEmpty() @MaxLength(4000)
  leaderComment!: string;

  @ApiProperty({ example: 92, minimum: 0, maximum: 100, description: 'Public evaluation score (群众评议)' })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(100)
  publicScore!: number;
}

export class PledgeActionResponse {
  @ApiProperty() id!: string;
  @ApiProperty() revision!: number;
  @ApiProperty({ enum: PLEDGE_STATUSES }) status!: string;
}
