import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

export class SupervisionStatsRequest {
  @ApiProperty({ example: 'county-lankao' })
  @IsString() @IsNotEmpty() @MaxLength(64)
  supervisorOrgId!: string;

  @ApiProperty({ example: '2026-Q4', description: '2026-Q1…Q4, 2026-H1|H2 or 2026' })
  @IsString() @Matches(/^\d{4}(-(Q[1-4]|H[12]))?$/, { message: 'period must be like 2026-Q4, 2026-H2 or 2026' })
  period!: string;
}
