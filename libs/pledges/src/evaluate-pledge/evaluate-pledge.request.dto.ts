import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsNumber, IsString, Max, MaxLength, Min } from 'class-validator';

export class PledgeEvaluationRequest {
  @ApiProperty({ example: '责任落实到位，成效明显', maxLength: 4000 })
  @IsString() @IsNotEmpty() @MaxLength(4000)
  leaderComment!: string;

  @ApiProperty({ example: 92, minimum: 0, maximum: 100, description: 'Public evaluation score (群众评议)' })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(100)
  publicScore!: number;
}
