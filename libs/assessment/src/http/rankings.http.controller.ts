import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CommandCtx, CurrentActor, type Actor, type CommandContext } from '@app/platform';
import { GetRankingQuery } from '../get-ranking/get-ranking.query.js';
import { RankingViewResponse, type RankingView } from '../get-ranking/ranking-view.js';
import type { RankingRequest } from '../get-ranking/ranking-queries.js';
import { ExplainRankingQuery } from '../explain-ranking/explain-ranking.query.js';
import { RankingExplanationResponse, type RankingExplanation } from '../explain-ranking/ranking-explanation.js';
import { PublishRankingCommand, type PublishRankingResult } from '../publish-ranking/publish-ranking.command.js';
import { PublishRankingRequest, PublishRankingResponse } from '../publish-ranking/publish-ranking.request.dto.js';
import { ExportRankingQuery } from '../export-ranking/export-ranking.query.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const VIEWS = ['current', 'published'] as const;

class AsOfQuery {
  @ApiPropertyOptional({ example: '2027-01-31T00:00:00Z', description: 'Answer as the system stood at this instant, computed from the events' })
  @IsOptional() @IsISO8601({ strict: true })
  asOf?: string;

  @ApiPropertyOptional({ enum: VIEWS, description: 'published: the latest published version even where the caller may see the draft' })
  @IsOptional() @IsIn(VIEWS as unknown as string[])
  view?: (typeof VIEWS)[number];
}

class RankingListQuery extends AsOfQuery {
  @ApiProperty({ example: 'county-zhongmu', description: 'The supervising organisation whose direct children are ranked' })
  @IsString() @IsNotEmpty() @MaxLength(64)
  supervisorOrgId!: string;

  @ApiProperty({ example: '2026', description: 'YYYY, YYYY-H1|H2 or YYYY-Q1..Q4' })
  @IsString() @IsNotEmpty() @MaxLength(16)
  period!: string;
}

function request(actor: Actor, supervisorOrgId: string, period: string, query: AsOfQuery): RankingRequest {
  return { supervisorOrgId, period, asOf: query.asOf ? new Date(query.asOf) : null, view: query.view ?? null, actor };
}

/**
 * 排名: the ranking of a supervisor's direct children for a period, computed from the finalized
 * assessments and the events (draft, for the supervisor), frozen by publishing (version n); its
 * explanation row by row; the Excel file; publishing, which sets off commendation, the admonishment
 * conversation, adjustment recommendations, plaques and backward designation.
 */
@ApiTags('rankings')
@ApiBearerAuth()
@Controller('rankings')
export class RankingsController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Rows (rank with ties, score, tier, veto, stars, change against the period before) and a summary (counts per tier, attainment rate to one decimal)' })
  @ApiOkResponse({ type: RankingViewResponse })
  list(@CurrentActor() actor: Actor, @Query() query: RankingListQuery): Promise<RankingView> {
    return this.queries.execute(new GetRankingQuery(request(actor, query.supervisorOrgId, query.period, query)));
  }

  @Get(':supervisorOrgId/:period/:orgId/explain')
  @ApiOperation({ summary: 'Every component of one row with its inputs and the ids of the events behind it; the points add up to the score' })
  @ApiOkResponse({ type: RankingExplanationResponse })
  explain(
    @CurrentActor() actor: Actor,
    @Param('supervisorOrgId') supervisorOrgId: string,
    @Param('period') period: string,
    @Param('orgId') orgId: string,
    @Query() query: AsOfQuery,
  ): Promise<RankingExplanation> {
    return this.queries.execute(new ExplainRankingQuery(request(actor, supervisorOrgId, period, query), orgId));
  }

  @Get(':supervisorOrgId/:period/export')
  @ApiOperation({ summary: 'The latest published ranking as an Excel workbook (Chinese headers, one column per component, and the explanation sheet)' })
  @ApiProduces(XLSX)
  async export(@CurrentActor() actor: Actor, @Param('supervisorOrgId') supervisorOrgId: string, @Param('period') period: string, @Query() query: AsOfQuery): Promise<StreamableFile> {
    const buffer = await this.queries.execute(new ExportRankingQuery({ ...request(actor, supervisorOrgId, period, query), view: query.view ?? 'published' }));
    return new StreamableFile(buffer, { type: XLSX, disposition: `attachment; filename="ranking-${supervisorOrgId}-${period}.xlsx"`, length: buffer.length });
  }

  @Post(':supervisorOrgId/:period/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish the ranking as it stands (RankingPublished, version n; a correction publishes n+1 with its difference). Publishing what is published appends nothing' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body gets the first answer' })
  @ApiBody({ type: PublishRankingRequest, required: false })
  @ApiOkResponse({ type: PublishRankingResponse })
  publish(
    @CommandCtx() ctx: CommandContext,
    @Param('supervisorOrgId') supervisorOrgId: string,
    @Param('period') period: string,
    @Body() body: PublishRankingRequest,
  ): Promise<PublishRankingResult> {
    return this.commands.execute(new PublishRankingCommand(supervisorOrgId, period, body ?? {}, ctx));
  }
}
