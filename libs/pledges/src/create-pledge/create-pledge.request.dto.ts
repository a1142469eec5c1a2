import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsNotEmpty, IsNumber, IsOptional, IsString, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { ZONED_INSTANT } from '@app/platform';
import { PLEDGE_KINDS, type PledgeKind } from '../domain/pledge.events.js';

const INSTANT = { message: 'must be an instant with a time and a zone (ISO 8601, e.g. 2026-12-31T18:00:00+08:00)' };
/** DESIGN §7 "Shapes": `2026`, `2026-Q1`…`2026-Q4`, `2026-H1`, `2026-H2`. */
const TERM = /^\d{4}(-(Q[1-4]|H[12]))?$/;

export class PledgeItemRequest {
  @ApiProperty({ example: '年底前完成村级党组织标准化规范化建设', maxLength: 2000 })
  @IsString() @IsNotEmpty() @MaxLength(2000)
  content!: string;

  @ApiPropertyOptional({ example: 30, description: 'Required in a responsibility letter; a positive number' })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0.01)
  weight?: number;

  @ApiProperty({ example: '2026-12-31T18:00:00+08:00', description: 'When it is due (in the future); it runs on the deadline machinery' })
  @IsISO8601({ strict: true }) @Matches(ZONED_INSTANT, INSTANT)
  dueAt!: string;
}

export class CreatePledgeRequest {
  @ApiProperty({ enum: PLEDGE_KINDS, description: '`responsibility` (责任书, by a supervisor with a direct child) or `public` (公开承诺, by the pledging organisation)' })
  @IsIn(PLEDGE_KINDS as unknown as string[])
  kind!: PledgeKind;

  @ApiPropertyOptional({ example: 'twp-liuji', description: 'A responsibility letter: a direct child of the caller\'s organisation (required). A public pledge: the caller\'s own organisation (the default)' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(64)
  targetOrgId?: string;

  @ApiProperty({ example: '2026年度基层党建工作目标责任书', maxLength: 200 })
  @IsString() @IsNotEmpty() @MaxLength(200)
  title!: string;

  @ApiProperty({ example: '2026', description: 'The term: `2026`, `2026-H1`, `2026-Q3`' })
  @IsString() @Matches(TERM, { message: 'must be a period such as 2026, 2026-H1 or 2026-Q3' })
  term!: string;

  @ApiPropertyOptional({ example: '党员 张三', maxLength: 200, description: 'A public pledge made on behalf of a member: who pledges' })
  @IsOptional() @IsString() @MaxLength(200)
  pledgedBy?: string;

  @ApiProperty({ type: [PledgeItemRequest], minItems: 1, maxItems: 100 })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => PledgeItemRequest)
  items!: PledgeItemRequest[];
}

export class CreatePledgeResponse {
  @ApiProperty() id!: string;
  @ApiProperty() revision!: number;
  @ApiProperty({ example: [{ id: '1' }, { id: '2' }] }) items!: Array<{ id: string }>;
}
