import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class RecordVetoRequest {
  @ApiProperty({ example: 'publicOrder', description: 'A veto item of the scheme (一票否决: economy, familyPlanning, publicOrder)' })
  @IsString() @IsNotEmpty() @MaxLength(40)
  item!: string;

  @ApiProperty({ example: '发生重大群体性事件', maxLength: 2000 })
  @IsString() @IsNotEmpty() @MaxLength(2000)
  reason!: string;

  @ApiPropertyOptional({ description: 'True lifts a veto recorded earlier' })
  @IsOptional() @IsBoolean()
  lift?: boolean;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Required once finalized' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(2000)
  correctionReason?: string;
}
