import ExcelJS from 'exceljs';
import { DEDUCTION_LABELS, INDICATOR_LABELS } from '../domain/scheme.js';
import type { AssessmentScheme } from '../domain/scheme.js';
import type { PublishedRow } from '../domain/ranking.decider.js';
import { TIER_LABELS } from '../domain/scoring.js';

export const RANKING_SHEET = '排名';
export const EXPLANATION_SHEET = '得分构成';
export const RANKING_HEADERS = ['类别', '排名', '机构编码', '机构', '综合得分', '档次', '一票否决', '星级'];

/** The column of every component the scheme can give, in a fixed order, so every row lines up. */
function componentColumns(scheme: AssessmentScheme): Array<{ kind: string; key: string; label: string }> {
  return [
    ...scheme.groups.map((g) => ({ kind: 'evaluation', key: g.key, label: `${g.label}（${g.weight}%）` })),
    ...(scheme.composition.items > 0 ? scheme.items.map((x) => ({ kind: 'item', key: x.key, label: x.label })) : []),
    ...(scheme.composition.indicators > 0 ? Object.entries(INDICATOR_LABELS).map(([key, label]) => ({ kind: 'indicator', key, label })) : []),
    ...Object.entries(DEDUCTION_LABELS).map(([key, label]) => ({ kind: 'deduction', key, label: `扣分：${label}` })),
    { kind: 'adjustment', key: 'deductionCap', label: '扣分封顶' },
  ];
}

/**
 * A published ranking as the county office files it: the ranking on one sheet with one column
 * per component (the explanation: the points of each column add up to the score), and on the
 * other every component with its inputs and the events behind it. Pure: data in, bytes out.
 */
export async function buildRankingWorkbook(input: {
  title: string;
  version: number | null;
  status: string;
  rows: PublishedRow[];
  scheme: AssessmentScheme;
}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'dangjian-supervision';
  const columns = componentColumns(input.scheme);

  const ranking = workbook.addWorksheet(RANKING_SHEET);
  ranking.addRow([`${input.title}${input.version ? `（第${input.version}版）` : '（草稿）'}`]);
  ranking.addRow([...RANKING_HEADERS, ...columns.map((c) => c.label)]).font = { bold: true };
  for (const row of input.rows) {
    const points = (kind: string, key: string) => row.components.find((c) => c.kind === kind && c.key === key)?.points ?? 0;
    ranking.addRow([
      row.category,
      row.rank,
      row.orgId,
      row.orgName,
      row.score,
      TIER_LABELS[row.tier],
      row.vetoed ? row.components.filter((c) => c.kind === 'veto').map((c) => c.label).join('；') : '否',
      row.stars ?? '',
      ...columns.map((c) => points(c.kind, c.key)),
    ]);
  }
  ranking.columns.forEach((column, i) => (column.width = i < RANKING_HEADERS.length ? [8, 6, 16, 20, 10, 8, 16, 6][i] : 14));

  const explanation = workbook.addWorksheet(EXPLANATION_SHEET);
  explanation.addRow(['机构编码', '机构', '构成', '项目', '权重', '得分', '依据', '事件编号']).font = { bold: true };
  for (const row of input.rows) {
    for (const c of row.components) {
      const inputs = Object.entries(c.inputs)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join('，');
      explanation.addRow([row.orgId, row.orgName, c.kind, c.label, c.weight, c.points, inputs, c.eventIds.join(' ')]);
    }
  }
  explanation.columns.forEach((column, i) => (column.width = [16, 20, 12, 20, 8, 8, 40, 40][i]));
  const buffer = await workbook.xlsx.writeBuffer();
  return Buffer.from(buffer);
}
