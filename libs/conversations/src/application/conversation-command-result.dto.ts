import { ApiProperty } from '@nestjs/swagger';
import { CONVERSATION_STATUSES } from '../domain/conversation.decider.js';

/** The answer of every conversation command (OpenAPI). */
export class ConversationCommandResponse {
  @ApiProperty() id!: string;
  @ApiProperty() revision!: number;
  @ApiProperty({ enum: CONVERSATION_STATUSES }) status!: string;
}
