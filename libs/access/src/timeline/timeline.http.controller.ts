import { Controller, Get, Injectable, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { notFound } from '@app/kernel';
import { CurrentActor, Database, type Actor } from '@app/platform';
import { assertCanRead, ORG_NOT_FOUND } from '../domain/authorization.js';
import { isOrganizationId } from '../domain/organization.rules.js';

export class TimelineQuery {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'Cursor: only entries older than this position (nextBefore of the previous page)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  before?: number;
}

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

@Injectable()
export class TimelineQueries {
  constructor(private readonly database: Database) {}

  async page(actor: Actor, orgId: string, query: TimelineQuery): Promise<TimelinePage> {
    const missing = () => notFound(ORG_NOT_FOUND, 'Organisation not found');
    if (!isOrganizationId(orgId)) throw missing();
    const org = await this.database.pool.query<{ id: string; ancestors: string[] }>(
      'select id, ancestors from read.organizations where id = $1',
      [orgId],
    );
    if (!org.rows[0]) throw missing();
    assertCanRead(actor, org.rows[0], ORG_NOT_FOUND, 'Organisation not found');
    const limit = query.limit ?? 50;
    const { rows } = await this.database.pool.query<{
      global_position: string;
      stream_id: string;
      type: string;
      occurred_at: Date;
      actor_id: string | null;
      summary: Record<string, unknown>;
    }>(
      `select global_position, stream_id, type, occurred_at, actor_id, summary from read.timeline
        where org_id = $1 and ($2::bigint is null or global_position < $2)
        order by global_position desc limit $3`,
      [orgId, query.before ?? null, limit + 1],
    );
    const entries = rows.slice(0, limit).map((row) => ({
      position: Number(row.global_position),
      streamId: row.stream_id,
      type: row.type,
      at: new Date(row.occurred_at).toISOString(),
      actorId: row.actor_id,
      summary: row.summary,
    }));
    return { orgId, entries, nextBefore: rows.length > limit ? entries.at(-1)!.position : null };
  }
}

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('orgs')
export class TimelineController {
  constructor(private readonly queries: TimelineQueries) {}

  /** Every event about the organisation and its subjects, newest first. */
  @Get(':id/timeline')
  timeline(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: TimelineQuery): Promise<TimelinePage> {
    return this.queries.page(actor, id, query);
  }
}
