import { ApiProperty } from '@nestjs/swagger';

export class AssessmentCommandResponse {
  @ApiProperty({ example: 'twp-liuji' }) orgId!: string;
  @ApiProperty({ example: '2026' }) period!: string;
  @ApiProperty({ description: 'Revision of the assessment stream after the command' }) revision!: number;
  @ApiProperty() finalized!: boolean;
  @ApiProperty({ description: 'Corrections recorded after finalizing' }) corrections!: number;
}
