import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock, notFound } from '@app/kernel';
import { assertCanRead, OrganizationDirectory, ORG_NOT_FOUND } from '@app/access';
import { parsePeriod } from '@app/reporting';
import { RankingReader } from '../application/ranking-reader.js';
import { toAssessmentView, type AssessmentView } from './assessment-view.js';
import { GetAssessmentQuery } from './get-assessment.query.js';

/** Whoever may read the organisation reads its assessment (outside the subtree: 404), with a preview of its score. */
@QueryHandler(GetAssessmentQuery)
export class GetAssessmentHandler implements IQueryHandler<GetAssessmentQuery> {
  constructor(
    private readonly organizations: OrganizationDirectory,
    private readonly reader: RankingReader,
    private readonly clock: Clock,
  ) {}

  async execute({ orgId, period, actor }: GetAssessmentQuery): Promise<AssessmentView> {
    parsePeriod(period);
    const org = await this.organizations.get(orgId);
    if (!org) throw notFound(ORG_NOT_FOUND, `No organisation ${orgId}`);
    assertCanRead(actor, org, ORG_NOT_FOUND, `No organisation ${orgId}`);
    const at = (await this.reader.assessments([org.id], period, null)).get(org.id)!;
    const preview = await this.reader.preview(org, period, at, this.clock.now());
    return toAssessmentView(org, period, at, this.reader.scheme, preview);
  }
}
