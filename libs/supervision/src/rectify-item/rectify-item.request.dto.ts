import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class RectifyItemRequest {
  @ApiProperty({ example: '补齐会议记录7份，附扫描件', maxLength: 4000 })
  @IsString() @IsNotEmpty() @MaxLength(4000)
  evidence!: string;
}
