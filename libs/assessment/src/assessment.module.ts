import { Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { CommandRunner, ProjectionRegistry } from '@app/platform';
import { DeadlineSources, EscalationModule } from '@app/escalation';
import { AssessmentSettings } from './application/assessment-settings.js';
import { AssessmentCommandShell } from './application/assessment-command-shell.js';
import { RankingAccess } from './application/ranking-access.js';
import { RankingReader } from './application/ranking-reader.js';
import { AssessmentFactsProjection } from './facts/assessment-facts.projection.js';
import { AssessmentFactsQuery } from './facts/assessment-facts.query.js';
import { RecordScoresHandler } from './record-scores/record-scores.handler.js';
import { RecordVetoHandler } from './record-veto/record-veto.handler.js';
import { FinalizeAssessmentHandler } from './finalize-assessment/finalize-assessment.handler.js';
import { GetAssessmentHandler } from './get-assessment/get-assessment.handler.js';
import { RankingQueries } from './get-ranking/ranking-queries.js';
import { GetRankingHandler } from './get-ranking/get-ranking.handler.js';
import { ExplainRankingHandler } from './explain-ranking/explain-ranking.handler.js';
import { ExportRankingHandler } from './export-ranking/export-ranking.handler.js';
import { PublishRankingHandler } from './publish-ranking/publish-ranking.handler.js';
import { RankingConsequencesReactor } from './carry-out-consequences/ranking-consequences.reactor.js';
import { AssessmentsController } from './http/assessments.http.controller.js';
import { RankingsController } from './http/rankings.http.controller.js';

/**
 * 考核与排名: assessments per organisation and period (五评, quantified items, vetoes, star indices),
 * rankings computed from them and from the events the system holds (report timeliness, on-time
 * rectification, pledge fulfilment, warnings and escalations), published as versions, and what
 * publishing sets off. OrganizationDirectory comes from the (global) AccessModule.
 */
@Module({})
export class AssessmentModule implements OnModuleInit {
  constructor(
    private readonly registry: ProjectionRegistry,
    private readonly sources: DeadlineSources,
    private readonly runner: CommandRunner,
  ) {}

  /** `env`: the same overrides the app was built with, merged over process.env (ASSESSMENT_SCHEME). */
  static forRoot(env: Record<string, string | undefined> = {}): DynamicModule {
    // Parsed while the composition root is built: a bad ASSESSMENT_SCHEME stops the start naming the field.
    const settings = AssessmentSettings.fromEnv({ ...process.env, ...env });
    return {
      module: AssessmentModule,
      imports: [EscalationModule],
      controllers: [AssessmentsController, RankingsController],
      providers: [
        { provide: AssessmentSettings, useValue: settings },
        AssessmentCommandShell,
        AssessmentFactsQuery,
        RankingAccess,
        RankingReader,
        RankingQueries,
        RecordScoresHandler,
        RecordVetoHandler,
        FinalizeAssessmentHandler,
        GetAssessmentHandler,
        GetRankingHandler,
        ExplainRankingHandler,
        ExportRankingHandler,
        PublishRankingHandler,
      ],
      exports: [AssessmentSettings, RankingReader],
    };
  }

  onModuleInit(): void {
    this.registry.register(new AssessmentFactsProjection(this.sources));
    this.registry.registerReactor(new RankingConsequencesReactor(this.runner));
  }
}
