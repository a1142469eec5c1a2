import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DEADLINE_KINDS, notFound, OPEN_LIGHTS, type DeadlineKind, type OpenLight } from '@app/kernel';
import { assertCanRead, OrganizationDirectory, readableScopeRoot, type OrganizationRecord } from '@app/access';
import { CurrentActor, PageRequest, type Actor } from '@app/platform';
import { DeadlineBoardQuery, type DeadlineRow, type SubtreeRoot } from './deadline-board.query.js';

const subtreeRoot = (org: OrganizationRecord): SubtreeRoot => ({ id: org.id, depth: org.ancestors.length });

export class DeadlineBoardRequest extends PageRequest {
  @ApiPropertyOptional({ description: 'Only deadlines of this organisation and its subtree' })
  @IsOptional() @IsString() @MaxLength(64) @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]*$/)
  orgId?: string;

  @ApiPropertyOptional({ enum: OPEN_LIGHTS })
  @IsOptional() @IsIn(OPEN_LIGHTS)
  light?: OpenLight;

  @ApiPropertyOptional({ enum: DEADLINE_KINDS })
  @IsOptional() @IsIn(DEADLINE_KINDS as unknown as string[])
  kind?: DeadlineKind;

  @ApiPropertyOptional({ example: '2026-11-30T16:00:00Z', description: 'The board as it stood at this instant, computed from the events' })
  @IsOptional() @IsISO8601({ strict: true })
  asOf?: string;
}

export class DeadlineRowResponse {
  @ApiProperty({ enum: DEADLINE_KINDS }) kind!: string;
  @ApiProperty() subjectId!: string;
  @ApiProperty() orgId!: string;
  @ApiProperty() orgName!: string;
  @ApiProperty() supervisorOrgId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() dueAt!: string;
  @ApiProperty() originalDueAt!: string;
  @ApiProperty({ enum: OPEN_LIGHTS }) light!: string;
  @ApiProperty({ minimum: 0, maximum: 3 }) escalationLevel!: number;
}

@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('deadlines')
export class DeadlinesController {
  constructor(private readonly board: DeadlineBoardQuery, private readonly organizations: OrganizationDirectory) {}

  /** 红黄绿灯 board: every open deadline under the caller, soonest first. */
  @Get()
  @ApiOkResponse({ type: [DeadlineRowResponse] })
  async list(@CurrentActor() actor: Actor, @Query() query: DeadlineBoardRequest): Promise<DeadlineRow[]> {
    const rootId = readableScopeRoot(actor);
    const found = query.orgId ? await this.organizations.get(query.orgId) : null;
    if (query.orgId) {
      if (!found) throw notFound('ORG.NOT_FOUND', 'Not found');
      assertCanRead(actor, found);
    }
    const filter = {
      // The caller's own subtree is not looked up first: the board's query finds its depth in the
      // same round trip (one wait for the database instead of two on the busiest page), and an
      // organisation the tree does not know has no subtree to show.
      scope: rootId === null ? null : { id: rootId },
      org: found ? subtreeRoot(found) : undefined,
      kind: query.kind,
      light: query.light,
      limit: query.limit ?? 100,
      offset: query.offset ?? 0,
    };
    return query.asOf ? this.board.listAsOf(filter, new Date(query.asOf)) : this.board.list(filter);
  }
}
