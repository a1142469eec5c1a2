import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { OptionalBody } from '@app/platform';
import { REPORT_LIMITS } from '../domain/report.decider.js';

/**
 * The draft's sections and figures are maps with names chosen by the form, so class-validator
 * only checks their shape here; the decider's `validateDraft` checks every entry and answers
 * 400 with a field error per bad figure (`figures.membersDeveloped: must be a whole number`).
 */
export class SaveDraftRequest {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { organisationBuilding: '……' } })
  @IsObject()
  sections!: Record<string, string>;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { membersDeveloped: 3, fundsInvested: 12000.5 } })
  @IsObject()
  figures!: Record<string, number>;

  @ApiPropertyOptional({ type: [String], description: 'Figure names taken over from the prefilled draft (一表通)' })
  @IsOptional() @IsArray() @ArrayMaxSize(REPORT_LIMITS.maxFigures) @IsString({ each: true }) @MaxLength(REPORT_LIMITS.maxFigureNameLength, { each: true })
  prefilled?: string[];
}

export class ReturnReportRequest {
  @ApiProperty({ type: [String], minItems: 1, example: ['三会一课 figures do not match the minutes'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(REPORT_LIMITS.maxReasons) @IsString({ each: true }) @MaxLength(REPORT_LIMITS.maxReasonLength, { each: true })
  reasons!: string[];
}

/** Accepting takes an optional opinion (审核意见); no body is fine. */
export class AcceptReportRequest extends OptionalBody {
  @ApiPropertyOptional({ example: '内容详实，数据准确，予以通过', maxLength: 2000 })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(2000)
  comment?: string;
}

export class PeriodQuery {
  @ApiProperty({ example: '2026-Q4', description: '2026-Q1…Q4, 2026-H1|H2 or 2026' })
  @IsString() @MaxLength(16)
  period!: string;
}

export class MatrixRowResponse {
  @ApiProperty() orgId!: string;
  @ApiProperty() orgName!: string;
  @ApiProperty({ enum: ['due', 'draft', 'submitted', 'returned', 'accepted', 'overdue'] }) status!: string;
  @ApiProperty() late!: boolean;
  @ApiProperty() dueAt!: string;
  @ApiProperty({ nullable: true, type: String }) submittedAt!: string | null;
}

export class ReportCommandResponse {
  @ApiProperty() orgId!: string;
  @ApiProperty() period!: string;
  @ApiProperty({ enum: ['due', 'draft', 'submitted', 'returned', 'accepted'] }) status!: string;
  @ApiProperty() revision!: number;
}

export class OpenPeriodResponse {
  @ApiProperty() period!: string;
  @ApiProperty() opened!: number;
  @ApiProperty() alreadyOpen!: number;
}
