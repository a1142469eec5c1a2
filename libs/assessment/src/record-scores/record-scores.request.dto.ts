import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';

const NUMBER = { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 };

export class GroupScoreRequest {
  @ApiProperty({ example: 'masses', description: 'An evaluator group of the scheme (五评: masses, members, peers, deputies, superiors)' })
  @IsString() @IsNotEmpty() @MaxLength(40)
  group!: string;

  @ApiProperty({ example: 80, minimum: 0, maximum: 100, description: "The group's average score, two decimals at most" })
  @IsNumber(NUMBER) @Min(0) @Max(100)
  score!: number;

  @ApiProperty({ example: 120, minimum: 1, description: 'How many evaluators gave it' })
  @IsInt() @Min(1) @Max(1_000_000)
  evaluators!: number;
}

export class ItemScoreRequest {
  @ApiProperty({ example: 'organization', description: 'A quantified item of the scheme' })
  @IsString() @IsNotEmpty() @MaxLength(40)
  item!: string;

  @ApiProperty({ example: 18.5, minimum: 0, description: "Points, at most the item's maximum" })
  @IsNumber(NUMBER) @Min(0)
  score!: number;

  @ApiProperty({ example: '支部台账齐全，三会一课记录完整', maxLength: 2000 })
  @IsString() @IsNotEmpty() @MaxLength(2000)
  evidence!: string;
}

export class IndexScoreRequest {
  @ApiProperty({ example: 'cooperationTrust', description: 'A star-rating index of the scheme (星级评定)' })
  @IsString() @IsNotEmpty() @MaxLength(40)
  index!: string;

  @ApiProperty({ example: 92, minimum: 0 })
  @IsNumber(NUMBER) @Min(0)
  score!: number;
}

export class RecordScoresRequest {
  @ApiPropertyOptional({ type: [GroupScoreRequest], description: 'Evaluator group scores; a later record of a group replaces the earlier one' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => GroupScoreRequest)
  groups?: GroupScoreRequest[];

  @ApiPropertyOptional({ type: [ItemScoreRequest] })
  @IsOptional() @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => ItemScoreRequest)
  items?: ItemScoreRequest[];

  @ApiPropertyOptional({ type: [IndexScoreRequest] })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => IndexScoreRequest)
  indices?: IndexScoreRequest[];

  @ApiPropertyOptional({ example: '一类', description: 'The category it is ranked in (一类/二类/三类 by default; absent: the first)' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(40)
  category?: string;

  @ApiPropertyOptional({ example: '上级评分录入有误，更正', maxLength: 2000, description: 'Required once finalized: the change is then a recorded correction' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(2000)
  correctionReason?: string;
}
