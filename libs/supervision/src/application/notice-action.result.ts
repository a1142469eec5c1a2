import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NOTICE_STATUSES, type NoticeStatus } from '../domain/notice.decider.js';

/** The answer to every command on an existing notice. */
export interface NoticeActionResult {
  id: string;
  revision: number;
  status: NoticeStatus;
  /** Set for an extension request: the id to grant or deny. */
  requestId?: string;
}

export class NoticeActionResponse {
  @ApiProperty() id!: string;
  @ApiProperty() revision!: number;
  @ApiProperty({ enum: NOTICE_STATUSES }) status!: string;
  @ApiPropertyOptional({ description: 'For an extension request' }) requestId?: string;
}
