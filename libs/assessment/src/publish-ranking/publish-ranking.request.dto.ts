import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { OptionalBody } from '@app/platform';

/** Optional: no body publishes as it stands. */
export class PublishRankingRequest extends OptionalBody {
  @ApiPropertyOptional({ example: '更正刘集镇上级评分后重新发布', maxLength: 2000, description: 'Why a version after the first is published (a correction)' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ description: 'Publish although some children have no finalized assessment (they are left out); otherwise 409 naming them' })
  @IsOptional() @IsBoolean()
  allowPending?: boolean;
}

export class PublishRankingResponse {
  @ApiProperty({ example: 'county-zhongmu' }) supervisorOrgId!: string;
  @ApiProperty({ example: '2026' }) period!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty() revision!: number;
  @ApiProperty({ description: 'False when it was already published as it stands: nothing was appended' }) published!: boolean;
  @ApiProperty({ nullable: true, example: { commend: [{ orgId: 'twp-a', rank: 1 }], conversations: [{ orgId: 'twp-o', conversationId: '…', rank: 15 }] } }) consequences!: unknown;
}
