import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, MaxLength } from 'class-validator';
import { REPORT_LIMITS } from '../domain/report.decider.js';

export class ReturnReportRequest {
  @ApiProperty({ type: [String], minItems: 1, example: ['三会一课 figures do not match the minutes'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(REPORT_LIMITS.maxReasons) @IsString({ each: true }) @MaxLength(REPORT_LIMITS.maxReasonLength, { each: true })
  reasons!: string[];
}
