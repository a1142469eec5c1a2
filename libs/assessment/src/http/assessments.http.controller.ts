import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiNoBody, CommandCtx, CurrentActor, NoBody, type Actor, type CommandContext } from '@app/platform';
import type { AssessmentCommandResult } from '../application/assessment-command-shell.js';
import { AssessmentCommandResponse } from '../application/assessment-result.dto.js';
import { RecordScoresCommand } from '../record-scores/record-scores.command.js';
import { RecordScoresRequest } from '../record-scores/record-scores.request.dto.js';
import { RecordVetoCommand } from '../record-veto/record-veto.command.js';
import { RecordVetoRequest } from '../record-veto/record-veto.request.dto.js';
import { FinalizeAssessmentCommand } from '../finalize-assessment/finalize-assessment.command.js';
import { AssessmentViewResponse, type AssessmentView } from '../get-assessment/assessment-view.js';
import { GetAssessmentQuery } from '../get-assessment/get-assessment.query.js';

const IF_MATCH = { name: 'If-Match', required: false, description: 'Run only if the assessment is at this revision (else 412)' };
const IDEMPOTENCY_KEY = { name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body gets the first answer' };

/**
 * 考核: the assessment of one organisation for one period, recorded by a supervisor of its parent
 * (五评 group scores, quantified items, star indices, vetoes), then finalized; afterwards only a
 * recorded correction changes it. The routes of the four use cases, each handled in its folder.
 */
@ApiTags('assessments')
@ApiBearerAuth()
@Controller('assessments')
export class AssessmentsController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

  @Get(':orgId/:period')
  @ApiOperation({ summary: 'An assessment with every score, its veto items, a preview of the composite and the timeline' })
  @ApiOkResponse({ type: AssessmentViewResponse })
  get(@CurrentActor() actor: Actor, @Param('orgId') orgId: string, @Param('period') period: string): Promise<AssessmentView> {
    return this.queries.execute(new GetAssessmentQuery(orgId, period, actor));
  }

  @Post(':orgId/:period/scores')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record evaluator-group scores (五评), quantified items, star indices or the category; 400 naming the field for an unknown key or a score out of range' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: AssessmentCommandResponse })
  scores(@CommandCtx() ctx: CommandContext, @Param('orgId') orgId: string, @Param('period') period: string, @Body() body: RecordScoresRequest): Promise<AssessmentCommandResult> {
    return this.commands.execute(new RecordScoresCommand(orgId, period, body, ctx));
  }

  @Post(':orgId/:period/vetoes')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record (or lift) a veto item (一票否决) with its reason' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: AssessmentCommandResponse })
  veto(@CommandCtx() ctx: CommandContext, @Param('orgId') orgId: string, @Param('period') period: string, @Body() body: RecordVetoRequest): Promise<AssessmentCommandResult> {
    return this.commands.execute(new RecordVetoCommand(orgId, period, body, ctx));
  }

  @Post(':orgId/:period/finalize')
  @HttpCode(200)
  @ApiOperation({ summary: 'Finalize: every evaluator group needs a score (409 naming the missing ones)' })
  @ApiHeader(IF_MATCH) @ApiHeader(IDEMPOTENCY_KEY)
  @ApiNoBody()
  @ApiOkResponse({ type: AssessmentCommandResponse })
  finalize(@CommandCtx() ctx: CommandContext, @Param('orgId') orgId: string, @Param('period') period: string, @Body() _body: NoBody): Promise<AssessmentCommandResult> {
    return this.commands.execute(new FinalizeAssessmentCommand(orgId, period, ctx));
  }
}
