import type { CommandBus } from '@nestjs/cqrs';
import { SYSTEM_ACTOR, type AppConfig } from '@app/kernel';
import { OpenReportingPeriodCommand } from './open-reporting-period.command.js';
import { ReportingPeriodSchedule, type ReportingPeriodQueue } from './reporting-period.schedule.js';

/** What the schedule does with an occurrence: opens the period that begins at the occurrence's own time. */
describe('ReportingPeriodSchedule.process', () => {
  const sent: unknown[] = [];
  const commands = { execute: async (command: unknown) => void sent.push(command) } as unknown as CommandBus;
  const config = { tzBusiness: 'Asia/Shanghai' } as AppConfig;
  const schedule = new ReportingPeriodSchedule(config, commands, {} as ReportingPeriodQueue);
  const occurrence = (at: string, cadence: 'quarterly' | 'half-yearly', delay?: number) => ({
    id: `repeat:${cadence}:${Date.parse(at)}`,
    timestamp: Date.parse(at),
    opts: delay === undefined ? {} : { delay },
    data: { cadence },
  });
  beforeEach(() => (sent.length = 0));

  it.each([
    ['2026-04-01T00:00:00+08:00', 'quarterly', '2026-Q2'],
    ['2027-01-01T00:00:00+08:00', 'quarterly', '2027-Q1'],
    ['2026-07-01T00:00:00+08:00', 'half-yearly', '2026-H2'],
    ['2026-01-01T00:00:00+08:00', 'half-yearly', '2026-H1'],
  ] as const)('an occurrence at %s (%s) opens %s, in the business time zone', async (at, cadence, period) => {
    expect(await schedule.process(occurrence(at, cadence))).toEqual({ period });
    expect(sent).toHaveLength(1);
    const command = sent[0] as OpenReportingPeriodCommand;
    expect(command).toBeInstanceOf(OpenReportingPeriodCommand);
    expect(command).toMatchObject({ period, context: { actor: SYSTEM_ACTOR, idempotencyKey: `open-period:${period}` } });
  });

  it('judges by the time the occurrence was scheduled for, not the time it ran (a late job opens its own period)', async () => {
    // Added a minute before midnight of 31 March UTC+8, delayed to 00:00 on 1 April.
    expect(await schedule.process(occurrence('2026-03-31T23:59:00+08:00', 'quarterly', 60_000))).toEqual({ period: '2026-Q2' });
  });
});
