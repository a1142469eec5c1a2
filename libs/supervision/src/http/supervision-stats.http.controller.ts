import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { notFound } from '@app/kernel';
import { assertCanRead, OrganizationDirectory, ORG_NOT_FOUND } from '@app/access';
import { CurrentActor, type Actor } from '@app/platform';
import { SupervisionStatsQuery, type SupervisionStats } from '../read-models/supervision-stats.query.js';

export class SupervisionStatsRequest {
  @ApiProperty({ example: 'county-lankao' })
  @IsString() @IsNotEmpty() @MaxLength(64)
  supervisorOrgId!: string;

  @ApiProperty({ example: '2026-Q4', description: '2026-Q1…Q4, 2026-H1|H2 or 2026' })
  @IsString() @Matches(/^\d{4}(-(Q[1-4]|H[12]))?$/, { message: 'period must be like 2026-Q4, 2026-H2 or 2026' })
  period!: string;
}

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('supervision')
export class SupervisionStatsController {
  constructor(private readonly query: SupervisionStatsQuery, private readonly organizations: OrganizationDirectory) {}

  @Get('stats')
  @ApiOperation({
    summary: 'Per child organisation: notices issued, closed, closed on time (按期办结率), overdue now, average days to close, rework count',
  })
  @ApiOkResponse({ description: '{supervisorOrgId, period, from, to, asOf, rows: [...], totals}' })
  async stats(@CurrentActor() actor: Actor, @Query() query: SupervisionStatsRequest): Promise<SupervisionStats> {
    const org = await this.organizations.get(query.supervisorOrgId);
    if (!org) throw notFound(ORG_NOT_FOUND, 'Not found');
    assertCanRead(actor, org);
    return this.query.stats(org.id, query.period);
  }
}
