import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '@app/platform';
import { GetTimelineQuery, type TimelinePage } from '../get-timeline/get-timeline.query.js';
import { TimelineRequest } from '../get-timeline/get-timeline.request.dto.js';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('orgs')
export class TimelineController {
  constructor(private readonly queries: QueryBus) {}

  /** Every event about the organisation and its subjects, newest first. */
  @Get(':id/timeline')
  timeline(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: TimelineRequest): Promise<TimelinePage> {
    return this.queries.execute(new GetTimelineQuery(actor, id, { limit: query.limit, before: query.before }));
  }
}
