import { ApiProperty } from '@nestjs/swagger';
import type { ReportStatus } from '../domain/report.decider.js';

/** The answer to every command on a report. */
export interface ReportCommandResult {
  orgId: string;
  period: string;
  status: ReportStatus;
  /** The report stream's revision after the command (If-Match takes it). */
  revision: number;
}

export class ReportCommandResponse {
  @ApiProperty() orgId!: string;
  @ApiProperty() period!: string;
  @ApiProperty({ enum: ['due', 'draft', 'submitted', 'returned', 'accepted'] }) status!: string;
  @ApiProperty() revision!: number;
}
