import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DEADLINE_KINDS, notFound, type DeadlineKind } from '@app/kernel';
import { assertCanRead, OrganizationDirectory, readableScopeRoot } from '@app/access';
import { CurrentActor, type Actor } from '@app/platform';
import { DeadlineBoardQuery, type DeadlineRow, type SubtreeRoot } from './deadline-board.query.js';

export class DeadlineBoardRequest {
  @ApiPropertyOptional({ description: 'Only deadlines of this organisation and its subtree' })
  @IsOptional() @IsString() @MaxLength(64) @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]*$/)
  orgId?: string;

  @ApiPropertyOptional({ enum: ['green', 'yellow', 'red'] })
  @IsOptional() @IsIn(['green', 'yellow', 'red'])
  light?: 'green' | 'yellow' | 'red';

  @ApiPropertyOptional({ enum: DEADLINE_KINDS })
  @IsOptional() @IsIn(DEADLINE_KINDS as unknown as string[])
  kind?: DeadlineKind;

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000)
  offset?: number;
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
  @ApiProperty({ enum: ['green', 'yellow', 'red'] }) light!: string;
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
    let org: SubtreeRoot | undefined;
    if (query.orgId) {
      const found = await this.organizations.get(query.orgId);
      if (!found) throw notFound('ORG.NOT_FOUND', 'Not found');
      assertCanRead(actor, found);
      org = { id: found.id, depth: found.ancestors.length };
    }
    const rootId = readableScopeRoot(actor);
    let scope: SubtreeRoot | null = null;
    if (rootId !== null) {
      const root = await this.organizations.get(rootId);
      // An organisation the tree does not know has no subtree to show.
      if (!root) return [];
      scope = { id: root.id, depth: root.ancestors.length };
    }
    return this.board.list({
      scope,
      org,
      kind: query.kind,
      light: query.light,
      limit: query.limit ?? 100,
      offset: query.offset ?? 0,
    });
  }
}
