import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/kernel';
import type { MatrixRow } from '../read-models/report-queries.js';

export class GetReportMatrixQuery extends Query<MatrixRow[]> {
  constructor(readonly actor: Actor, readonly period: string) {
    super();
  }
}
