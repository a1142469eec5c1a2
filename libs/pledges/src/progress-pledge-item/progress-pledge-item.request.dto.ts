import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class PledgeProgressRequest {
  @ApiProperty({ example: '已召开专题推进会，完成3个支部阵地改造', maxLength: 4000 })
  @IsString() @IsNotEmpty() @MaxLength(4000)
  note!: string;
}
