import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/kernel';
import type { PrefilledDraft } from '../domain/report-prefill.js';

export class PrefillReportQuery extends Query<PrefilledDraft> {
  constructor(readonly actor: Actor, readonly orgId: string, readonly period: string) {
    super();
  }
}
