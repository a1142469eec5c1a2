import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/kernel';

export interface TimelineEntry {
  position: number;
  streamId: string;
  type: string;
  at: string;
  actorId: string | null;
  summary: Record<string, unknown>;
}

export interface TimelinePage {
  orgId: string;
  entries: TimelineEntry[];
  /** Pass as `before` for the next (older) page; null at the end. */
  nextBefore: number | null;
}

/** Every event about an organisation and its subjects, newest first, a page at a time. */
export class GetTimelineQuery extends Query<TimelinePage> {
  constructor(readonly actor: Actor, readonly orgId: string, readonly page: { limit?: number; before?: number }) {
    super();
  }
}
