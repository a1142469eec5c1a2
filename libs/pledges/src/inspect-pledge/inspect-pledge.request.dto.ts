import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { INSPECTION_RATINGS, type InspectionRating } from '../domain/pledge.events.js';

export class PledgeInspectionRequest {
  @ApiProperty({ enum: INSPECTION_RATINGS })
  @IsIn(INSPECTION_RATINGS as unknown as string[])
  rating!: InspectionRating;

  @ApiProperty({ example: '承诺事项推进有序，台账规范', maxLength: 4000 })
  @IsString() @IsNotEmpty() @MaxLength(4000)
  findings!: string;
}
