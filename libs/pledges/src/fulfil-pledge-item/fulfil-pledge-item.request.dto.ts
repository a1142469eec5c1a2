import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class PledgeFulfilRequest {
  @ApiProperty({ example: '验收报告及现场照片（档案编号 2026-017）', maxLength: 4000 })
  @IsString() @IsNotEmpty() @MaxLength(4000)
  evidence!: string;
}
