import { ApiProperty } from '@nestjs/swagger';

export class OpenPeriodResponse {
  @ApiProperty() period!: string;
  @ApiProperty() opened!: number;
  @ApiProperty() alreadyOpen!: number;
}
