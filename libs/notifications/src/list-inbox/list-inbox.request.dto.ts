import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { INBOX_KINDS, type InboxKind } from '../domain/inbox-items.js';

export class InboxRequest {
  @ApiPropertyOptional({ description: 'Only unread items' })
  // `true` or `false`; anything else stays as sent, and IsBoolean refuses it (400).
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean()
  unread?: boolean;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000)
  offset?: number;
}

export class InboxItemResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: INBOX_KINDS }) kind!: InboxKind;
  @ApiProperty() eventType!: string;
  @ApiProperty({ nullable: true }) subjectKind!: string | null;
  @ApiProperty({ nullable: true }) subjectId!: string | null;
  @ApiProperty({ nullable: true }) title!: string | null;
  @ApiProperty() text!: string;
  @ApiProperty() at!: string;
  @ApiProperty() read!: boolean;
  @ApiProperty({ nullable: true }) readAt!: string | null;
}

export class InboxResponse {
  @ApiProperty({ type: [InboxItemResponse] }) items!: InboxItemResponse[];
  @ApiProperty() unread!: number;
}
