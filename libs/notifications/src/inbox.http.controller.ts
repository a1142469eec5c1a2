import { Body, Controller, Get, HttpCode, Injectable, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { AppConfig, Clock, deterministicId, notFound } from '@app/kernel';
import { EventStore } from '@app/event-store';
import { ApiNoBody, CommandCtx, CurrentActor, Database, metadataFor, NoBody, type Actor, type CommandContext } from '@app/platform';
import { inboxStream, INBOX_KINDS, type InboxKind } from './inbox.projection.js';
import { notificationText } from './notification-text.js';

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

@Injectable()
export class InboxQuery {
  constructor(private readonly database: Database, private readonly config: AppConfig) {}

  async list(orgId: string, options: { unread: boolean; limit: number; offset: number }): Promise<InboxResponse> {
    const { rows } = await this.database.pool.query<{
      id: string; kind: InboxKind; event_type: string; subject_kind: string | null; subject_id: string | null; title: string | null;
      occurred_at: Date; read_at: Date | null; details: Record<string, unknown>;
    }>(
      `select i.id, i.kind, i.event_type, i.subject_kind, i.subject_id, d.title, i.occurred_at, i.read_at, i.details
         from read.inbox i left join read.deadlines d on d.stream_id = i.subject_stream
        where i.org_id = $1 and ($2::boolean is false or i.read_at is null)
        order by i.occurred_at desc, i.id limit $3 offset $4`,
      [orgId, options.unread, options.limit, options.offset],
    );
    const { rows: count } = await this.database.pool.query<{ n: number }>(
      'select count(*)::int as n from read.inbox where org_id = $1 and read_at is null',
      [orgId],
    );
    return {
      unread: count[0]?.n ?? 0,
      items: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        eventType: r.event_type,
        subjectKind: r.subject_kind,
        subjectId: r.subject_id,
        title: r.title,
        text: notificationText({ kind: r.kind, eventType: r.event_type, subjectKind: r.subject_kind, details: r.details }, r.title, this.config.tzBusiness),
        at: r.occurred_at.toISOString(),
        read: r.read_at !== null,
        readAt: r.read_at?.toISOString() ?? null,
      })),
    };
  }
}

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('inbox')
export class InboxController {
  constructor(private readonly query: InboxQuery, private readonly database: Database, private readonly store: EventStore, private readonly clock: Clock) {}

  /** Reminders, warnings, escalations and to-dos for the caller's organisation, newest first. */
  @Get()
  @ApiOkResponse({ type: InboxResponse })
  list(@CurrentActor() actor: Actor, @Query() request: InboxRequest): Promise<InboxResponse> {
    return this.query.list(actor.orgId, { unread: request.unread ?? false, limit: request.limit ?? 50, offset: request.offset ?? 0 });
  }

  /**
   * Marks an item read for the organisation. Recorded as an event (so a rebuilt inbox keeps it)
   * with a deterministic id: marking twice appends once.
   */
  @Post(':id/read')
  @HttpCode(200)
  @ApiNoBody()
  async read(@CommandCtx() ctx: CommandContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() _body: NoBody): Promise<{ id: string; readAt: string; revision: number }> {
    const { actor } = ctx;
    const { rows } = await this.database.pool.query<{ org_id: string }>('select org_id from read.inbox where id = $1', [id]);
    // Another organisation's item is as unknown as a missing one.
    if (rows[0]?.org_id !== actor.orgId) throw notFound('INBOX.ITEM_NOT_FOUND', 'No such inbox item for your organisation');
    const now = this.clock.now();
    const result = await this.store.append(
      inboxStream(actor.orgId),
      [{
        eventId: deterministicId('InboxItemRead', id),
        type: 'InboxItemRead',
        schemaVersion: 1,
        data: { itemId: id, orgId: actor.orgId },
        metadata: metadataFor(ctx),
        occurredAt: now,
      }],
      'any',
    );
    // Read-your-writes: the projection does the same when it gets to the event.
    const { rows: marked } = await this.database.pool.query<{ read_at: Date }>(
      'update read.inbox set read_at = coalesce(read_at, $2) where id = $1 returning read_at',
      [id, now],
    );
    return { id, readAt: marked[0]!.read_at.toISOString(), revision: result.nextRevision };
  }
}
