import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '@app/platform';
import type { SupervisionStats } from '../get-supervision-stats/get-supervision-stats.query.js';
import { GetSupervisionStatsQuery } from '../get-supervision-stats/get-supervision-stats.query.js';
import { SupervisionStatsRequest } from '../get-supervision-stats/get-supervision-stats.request.dto.js';

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('supervision')
export class SupervisionStatsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('stats')
  @ApiOperation({
    summary: 'Per child organisation: notices issued, closed, closed on time (按期办结率), overdue now, average days to close, rework count',
  })
  @ApiOkResponse({ description: '{supervisorOrgId, period, from, to, asOf, rows: [...], totals}' })
  stats(@CurrentActor() actor: Actor, @Query() query: SupervisionStatsRequest): Promise<SupervisionStats> {
    return this.queries.execute(new GetSupervisionStatsQuery(actor, query));
  }
}
