import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { DEADLINE_KINDS, type DeadlineKind } from '@app/kernel';

export class ConversationSubjectRequest {
  @ApiProperty({ enum: DEADLINE_KINDS, example: 'notice' })
  @IsIn(DEADLINE_KINDS as unknown as string[])
  kind!: DeadlineKind;

  @ApiProperty({ example: '0193a5c2-6f0e-7c3b-9a51-3d0f1e2a4b5c', maxLength: 128, description: 'The notice id, or `<orgId>/<period>` for a report' })
  @IsString() @IsNotEmpty() @MaxLength(128)
  id!: string;
}

export class ProposeConversationRequest {
  @ApiProperty({ example: 'twp-liuji', description: 'A direct child of the caller\'s organisation' })
  @IsString() @IsNotEmpty() @MaxLength(64)
  targetOrgId!: string;

  @ApiProperty({ example: '连续两个季度党建工作报告逾期，整改不力', maxLength: 2000 })
  @IsString() @IsNotEmpty() @MaxLength(2000)
  reason!: string;

  @ApiPropertyOptional({ type: ConversationSubjectRequest, description: 'What it is about (recorded as given)' })
  @IsOptional() @ValidateNested() @Type(() => ConversationSubjectRequest)
  subject?: ConversationSubjectRequest;
}
