import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@app/platform';
import type { Consequences } from '../domain/ranking.decider.js';
import type { PublishRankingRequest } from './publish-ranking.request.dto.js';

export interface PublishRankingResult {
  supervisorOrgId: string;
  period: string;
  /** The version now latest (the same as before when nothing changed). */
  version: number;
  revision: number;
  /** False when the ranking was already published as it stands (a retry, a second click): nothing was appended. */
  published: boolean;
  consequences: Consequences | null;
}

export class PublishRankingCommand extends Command<PublishRankingResult> {
  constructor(readonly supervisorOrgId: string, readonly period: string, readonly request: PublishRankingRequest, readonly context: CommandContext) {
    super();
  }
}
