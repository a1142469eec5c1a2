import ExcelJS from 'exceljs';
import { buildReportWorkbook, localTime, MATRIX_HEADERS, MATRIX_SHEET, SUMMARY_SHEET } from './report-workbook.js';

const values = (sheet: ExcelJS.Worksheet, row: number) => (sheet.getRow(row).values as unknown[]).slice(1);

describe('the report workbook (Excel export)', () => {
  it('holds the matrix with Chinese headers and statuses, and the summary per figure and organisation', async () => {
    const buffer = await buildReportWorkbook({
      period: '2026-Q4',
      tz: 'Asia/Shanghai',
      matrix: [
        { orgId: 'twp-a', orgName: '甲镇', status: 'accepted', late: false, dueAt: '2027-01-10T15:59:59.999Z', submittedAt: '2027-01-05T02:00:00.000Z' },
        { orgId: 'twp-b', orgName: '乙镇', status: 'overdue', late: false, dueAt: '2027-01-10T15:59:59.999Z', submittedAt: null },
      ],
      summary: {
        period: '2026-Q4',
        counted: [{ orgId: 'twp-a', orgName: '甲镇', status: 'accepted' }],
        figures: [{ name: 'fundsInvested', total: 1200.5, values: [{ orgId: 'twp-a', orgName: '甲镇', value: 1200.5 }] }],
      },
    });
    const workbook = new ExcelJS.Workbook();
    // exceljs types its Buffer as an ArrayBuffer; the bytes are the same.
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const matrix = workbook.getWorksheet(MATRIX_SHEET)!;
    expect(values(matrix, 2)).toEqual(MATRIX_HEADERS);
    expect(values(matrix, 3)).toEqual(['twp-a', '甲镇', '已审', '2027-01-10 23:59', '2027-01-05 10:00', '否']);
    expect(values(matrix, 4)).toEqual(['twp-b', '乙镇', '逾期未报', '2027-01-10 23:59', '', '是']);
    const summary = workbook.getWorksheet(SUMMARY_SHEET)!;
    expect(values(summary, 2)).toEqual(['指标', '指标编码', '合计', '甲镇']);
    expect(values(summary, 3)).toEqual(['投入经费（元）', 'fundsInvested', 1200.5, 1200.5]);
  });

  it('writes local times in the business zone', () => {
    expect(localTime('2026-12-31T16:00:00.000Z', 'Asia/Shanghai')).toBe('2027-01-01 00:00');
    expect(localTime(null, 'Asia/Shanghai')).toBe('');
  });
});
