import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/platform';
import type { AssessmentView } from './assessment-view.js';

export class GetAssessmentQuery extends Query<AssessmentView> {
  constructor(readonly orgId: string, readonly period: string, readonly actor: Actor) {
    super();
  }
}
