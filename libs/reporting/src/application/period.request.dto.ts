import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

/** `?period=` of the matrix, the summary and the export. */
export class PeriodQuery {
  @ApiProperty({ example: '2026-Q4', description: '2026-Q1…Q4, 2026-H1|H2 or 2026' })
  @IsString() @MaxLength(16)
  period!: string;
}
