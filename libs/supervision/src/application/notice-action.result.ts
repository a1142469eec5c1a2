import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { NoticeStatus } from '../domain/notice.decider.js';

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
  @ApiProperty({ enum: ['issued', 'in_progress', 'closed', 'withdrawn'] }) status!: string;
  @ApiPropertyOptional({ description: 'For an extension request' }) requestId?: string;
}
