import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/kernel';

/** The workbook of a period, named by it. */
export interface ReportsWorkbook {
  period: string;
  buffer: Buffer;
}

export class ExportReportsQuery extends Query<ReportsWorkbook> {
  constructor(readonly actor: Actor, readonly period: string) {
    super();
  }
}
