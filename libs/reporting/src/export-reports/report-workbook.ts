import ExcelJS from 'exceljs';
import { zoneOffsetMs } from '@app/kernel';
import type { ReportMatrixStatus } from '../domain/report.decider.js';
import type { MatrixRow, ReportSummary } from '../read-models/report-queries.js';

/** 待报 / 草稿 / 已报 / 退回 / 已审 / 逾期未报, as the county office's ledgers say it. */
export const STATUS_LABELS: Record<ReportMatrixStatus, string> = {
  due: '待报',
  draft: '草稿',
  submitted: '已报',
  returned: '退回',
  accepted: '已审',
  overdue: '逾期未报',
};

export const FIGURE_LABELS: Record<string, string> = {
  membersDeveloped: '发展党员',
  activistsTrained: '培养入党积极分子',
  trainingSessions: '培训期数',
  trainingAttendance: '参训人次',
  meetingsHeld: '三会一课次数',
  householdsVisited: '走访群众户数',
  opinionsCollected: '收集意见建议',
  opinionsResolved: '解决意见建议',
  fundsInvested: '投入经费（元）',
  noticesIssued: '收到督办通知',
  noticesClosed: '办结督办通知',
  noticesClosedOnTime: '按期办结督办通知',
  pledgesFulfilled: '兑现承诺事项',
};

export const MATRIX_SHEET = '报送情况';
export const SUMMARY_SHEET = '数据汇总';
export const MATRIX_HEADERS = ['机构编码', '机构', '状态', '截止时间', '提交时间', '是否逾期'];

/** "2027-01-10 23:59" in the business zone: ledgers are read in local time. */
export function localTime(iso: string | null, tz: string): string {
  if (!iso) return '';
  // The kernel's cached zone arithmetic: the wall-clock time, written out as if it were UTC.
  const instant = new Date(iso);
  return new Date(instant.getTime() + zoneOffsetMs(instant, tz)).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * The workbook of a period: the submission matrix on one sheet, the figure summary (one row
 * per figure, the total, then one column per organisation) on the other. Pure: data in, bytes out.
 */
export async function buildReportWorkbook(input: { period: string; matrix: MatrixRow[]; summary: ReportSummary; tz: string }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'dangjian-supervision';

  const matrix = workbook.addWorksheet(MATRIX_SHEET);
  matrix.addRow([`${input.period} 党建工作报告报送情况`]);
  matrix.addRow(MATRIX_HEADERS).font = { bold: true };
  for (const row of input.matrix) {
    // 是否逾期: reported after the due time, or still not reported past it.
    const overdue = row.late || row.status === 'overdue';
    matrix.addRow([row.orgId, row.orgName, STATUS_LABELS[row.status], localTime(row.dueAt, input.tz), localTime(row.submittedAt, input.tz), overdue ? '是' : '否']);
  }
  matrix.columns.forEach((column, i) => (column.width = [16, 24, 10, 18, 18, 10][i]));

  const summary = workbook.addWorksheet(SUMMARY_SHEET);
  summary.addRow([`${input.period} 党建工作报告数据汇总（已报、已审）`]);
  const orgs = input.summary.counted;
  summary.addRow(['指标', '指标编码', '合计', ...orgs.map((o) => o.orgName)]).font = { bold: true };
  for (const figure of input.summary.figures) {
    const byOrg = new Map(figure.values.map((v) => [v.orgId, v.value]));
    summary.addRow([FIGURE_LABELS[figure.name] ?? figure.name, figure.name, figure.total, ...orgs.map((o) => byOrg.get(o.orgId) ?? null)]);
  }
  summary.getColumn(1).width = 20;
  summary.getColumn(2).width = 20;

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
