import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
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
