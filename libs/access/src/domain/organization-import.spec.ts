import {
  type ExistingOrganization,
  type ImportError,
  type OrganizationImportResult,
  parseOrganizationCsv,
  referencedOrganizationIds,
} from './organization-import.js';

const HEADER = 'id,name,kind,parentId';
const county: ExistingOrganization = { id: 'county-lankao', kind: 'county' };
const csv = (...lines: string[]) => [HEADER, ...lines].join('\n') + '\n';

function errorsOf(result: OrganizationImportResult): ImportError[] {
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.organizations)}`);
  return result.errors;
}
function orgsOf(result: OrganizationImportResult) {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.errors)}`);
  return result.organizations;
}
const codes = (result: OrganizationImportResult) => errorsOf(result).map((e) => [e.line, e.field, e.code]);

describe('organisation CSV import', () => {
  it('imports townships and villages under an existing county, parents first', () => {
    const result = parseOrganizationCsv(
      csv(
        'vil-lumiao,鲁庙村,village,twp-liuji',
        'twp-liuji,刘集镇,township,county-lankao',
        'vil-cuizhuang,崔庄村,village,twp-langchenggang',
        'twp-langchenggang,狼城岗镇,township,county-lankao',
      ),
      [county],
    );
    expect(orgsOf(result)).toEqual([
      { line: 3, id: 'twp-liuji', name: '刘集镇', kind: 'township', parentId: 'county-lankao', parentKind: 'county' },
      { line: 2, id: 'vil-lumiao', name: '鲁庙村', kind: 'village', parentId: 'twp-liuji', parentKind: 'township' },
      {
        line: 5,
        id: 'twp-langchenggang',
        name: '狼城岗镇',
        kind: 'township',
        parentId: 'county-lankao',
        parentKind: 'county',
      },
      { line: 4, id: 'vil-cuizhuang', name: '崔庄村', kind: 'village', parentId: 'twp-langchenggang', parentKind: 'township' },
    ]);
  });

  it('imports a whole tree including the county itself', () => {
    const result = parseOrganizationCsv(
      csv('vil-lumiao,鲁庙村,village,twp-liuji', 'twp-liuji,刘集镇,township,county-lankao', 'county-lankao,兰考县,county,'),
      [],
    );
    expect(orgsOf(result).map((o) => o.id)).toEqual(['county-lankao', 'twp-liuji', 'vil-lumiao']);
    expect(orgsOf(result)[0]).toMatchObject({ parentId: null, parentKind: null });
  });

  it('tolerates a BOM, CRLF, blank lines and the empty rows spreadsheets append', () => {
    const text = `\uFEFF${HEADER}\r\ntwp-liuji,刘集镇,township,county-lankao\r\n\r\nvil-lumiao,鲁庙村,village,twp-liuji\r\n,,,\r\n`;
    const result = parseOrganizationCsv(text, [county]);
    expect(orgsOf(result).map((o) => [o.line, o.id])).toEqual([
      [2, 'twp-liuji'],
      [4, 'vil-lumiao'],
    ]);
  });

  it('reads UTF-8 bytes, with or without a BOM', () => {
    const text = csv('twp-liuji,刘集镇,township,county-lankao');
    const bytes = new TextEncoder().encode(text);
    expect(orgsOf(parseOrganizationCsv(bytes, [county]))[0].name).toBe('刘集镇');
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
    expect(orgsOf(parseOrganizationCsv(withBom, [county]))[0].name).toBe('刘集镇');
  });

  it('refuses bytes that are not UTF-8 (a GBK export)', () => {
    // "刘集镇" in GBK
    const gbk = new Uint8Array([...new TextEncoder().encode(`${HEADER}\ntwp-liuji,`), 0xc1, 0xf5, 0xbc, 0xaf, 0xd5, 0xf2, 0x0a]);
    expect(codes(parseOrganizationCsv(gbk, [county]))).toEqual([[1, undefined, 'ORG.IMPORT_ENCODING']]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks (RFC 4180)', () => {
    const result = parseOrganizationCsv(
      `${HEADER}\n"organ-a","兰考县""两新""组织党委, 机关",organ,"county-lankao"\n"twp-liuji",刘集镇,township,county-lankao\n`,
      [county],
    );
    expect(orgsOf(result).map((o) => o.name)).toEqual(['兰考县"两新"组织党委, 机关', '刘集镇']);
    // a quoted line break spans two physical lines: the next record's line number follows it
    const multi = parseOrganizationCsv(`${HEADER}\n"organ-a","第一行\n第二行",organ,county-lankao\nbad id,x,organ,county-lankao\n`, [county]);
    expect(codes(multi)).toEqual([
      [2, 'name', 'ORG.INVALID_NAME'], // control characters are refused in names
      [4, 'id', 'ORG.INVALID_ID'],
    ]);
  });

  it('trims cells and treats an empty parentId as none', () => {
    const result = parseOrganizationCsv(csv(' county-kaifeng , 开封县 , county ,  '), []);
    expect(orgsOf(result)).toEqual([
      { line: 2, id: 'county-kaifeng', name: '开封县', kind: 'county', parentId: null, parentKind: null },
    ]);
  });

  it('requires the exact header', () => {
    expect(codes(parseOrganizationCsv('id,name,kind,parent\ntwp-liuji,刘集镇,township,county-lankao\n', [county]))).toEqual([
      [1, undefined, 'ORG.IMPORT_HEADER'],
    ]);
    expect(codes(parseOrganizationCsv('', [county]))).toEqual([[1, undefined, 'ORG.IMPORT_HEADER']]);
    expect(codes(parseOrganizationCsv(`${HEADER}\n`, [county]))).toEqual([[2, undefined, 'ORG.IMPORT_EMPTY']]);
  });

  it('reports malformed CSV by line and goes on reading', () => {
    const result = parseOrganizationCsv(
      csv(
        'twp-liuji,刘集镇,township',
        'twp-a,刘"集,township,county-lankao',
        '"twp-b"x,刘集,township,county-lankao',
        'twp-langchenggang,狼城岗镇,township,county-lankao',
        '"twp-c,unterminated',
      ),
      [county],
    );
    expect(codes(result)).toEqual([
      [2, undefined, 'ORG.IMPORT_CSV'],
      [3, undefined, 'ORG.IMPORT_CSV'],
      [4, undefined, 'ORG.IMPORT_CSV'],
      [6, undefined, 'ORG.IMPORT_CSV'],
    ]);
  });

  it('reports bad ids, names, kinds and parent ids on each line, with the field', () => {
    const result = parseOrganizationCsv(
      csv(
        'twp.liuji,刘集镇,township,county-lankao',
        `twp-long,${'镇'.repeat(101)},township,county-lankao`,
        'twp-x,某镇,province,county-lankao',
        'vil-y,某村,village,County Lankao',
        'x,,hamlet,',
      ),
      [county],
    );
    expect(codes(result)).toEqual([
      [2, 'id', 'ORG.INVALID_ID'],
      [3, 'name', 'ORG.INVALID_NAME'],
      [4, 'kind', 'ORG.INVALID_KIND'],
      [5, 'parentId', 'ORG.INVALID_ID'],
      [6, 'id', 'ORG.INVALID_ID'],
      [6, 'name', 'ORG.INVALID_NAME'],
      [6, 'kind', 'ORG.INVALID_KIND'],
    ]);
    expect(errorsOf(result)[2].message).toContain('"province"');
  });

  it('reports duplicates within the file and against the existing tree', () => {
    const result = parseOrganizationCsv(
      csv(
        'twp-liuji,刘集镇,township,county-lankao',
        'twp-liuji,刘集乡,township,county-lankao',
        'county-lankao,兰考县,county,',
      ),
      [county],
    );
    expect(codes(result)).toEqual([
      [3, 'id', 'ORG.DUPLICATE'],
      [4, 'id', 'ORG.DUPLICATE'],
    ]);
    expect(errorsOf(result)[0].message).toContain('line 2');
  });

  it('reports unknown and merged parents', () => {
    const result = parseOrganizationCsv(
      csv('vil-lumiao,鲁庙村,village,twp-nowhere', 'vil-cuizhuang,崔庄村,village,twp-old'),
      [county, { id: 'twp-old', kind: 'township', merged: true }],
    );
    expect(codes(result)).toEqual([
      [2, 'parentId', 'ORG.UNKNOWN_PARENT'],
      [3, 'parentId', 'ORG.PARENT_MERGED'],
    ]);
  });

  it('reports cycles within the file on every row of the loop, and a row that is its own parent', () => {
    const result = parseOrganizationCsv(
      csv(
        'vil-a,甲村,village,vil-b',
        'vil-b,乙村,village,vil-c',
        'vil-c,丙村,village,vil-a',
        'vil-d,丁村,village,vil-a',
        'vil-self,自村,village,vil-self',
      ),
      [county],
    );
    expect(codes(result)).toEqual([
      [2, 'parentId', 'ORG.CYCLE'],
      [3, 'parentId', 'ORG.CYCLE'],
      [4, 'parentId', 'ORG.CYCLE'],
      [5, 'parentId', 'ORG.INVALID_PARENT_KIND'], // leads into the loop: its own problem is its parent's kind
      [6, 'parentId', 'ORG.CYCLE'],
    ]);
    expect(errorsOf(result)[0].message).toBe('The parents loop: vil-a → vil-b → vil-c → vil-a');
  });

  it('applies the same tree rules as registration', () => {
    const result = parseOrganizationCsv(
      csv(
        'twp-liuji,刘集镇,township,county-lankao',
        'vil-lumiao,鲁庙村,village,',
        'twp-sub,下属镇,township,twp-liuji',
        'county-x,某县,county,county-lankao',
        'ent-a,某企业,enterprise,vil-cuizhuang',
        'vil-cuizhuang,崔庄村,village,twp-liuji',
      ),
      [county],
    );
    expect(codes(result)).toEqual([
      [3, 'parentId', 'ORG.PARENT_REQUIRED'],
      [4, 'parentId', 'ORG.INVALID_PARENT_KIND'],
      [5, 'parentId', 'ORG.COUNTY_HAS_NO_PARENT'],
      [6, 'parentId', 'ORG.INVALID_PARENT_KIND'],
    ]);
  });

  it('is all or nothing: one bad line and nothing is returned to import', () => {
    const result = parseOrganizationCsv(csv('twp-liuji,刘集镇,township,county-lankao', 'vil-lumiao,鲁庙村,villag,twp-liuji'), [county]);
    expect(result).toEqual({ ok: false, errors: [expect.objectContaining({ line: 3, code: 'ORG.INVALID_KIND' })] });
    expect('organizations' in result).toBe(false);
  });

  it('limits the number of rows with a clear error, at the first row over the limit', () => {
    const lines = Array.from({ length: 6 }, (_, i) => `vil-${i},村${i},village,county-lankao`);
    expect(orgsOf(parseOrganizationCsv(csv(...lines.slice(0, 5)), [county], { maxRows: 5 }))).toHaveLength(5);
    const result = parseOrganizationCsv(csv(...lines), [county], { maxRows: 5 });
    expect(errorsOf(result)).toEqual([
      { line: 7, code: 'ORG.IMPORT_TOO_LARGE', message: 'At most 5 organisations per import; split the file' },
    ]);
  });

  it('handles the default limit of 10,000 rows', () => {
    const townships = Array.from({ length: 100 }, (_, t) => `twp-${t},镇${t},township,county-lankao`);
    const villages = Array.from({ length: 9_900 }, (_, v) => `vil-${v},村${v},village,twp-${v % 100}`);
    const orgs = orgsOf(parseOrganizationCsv(csv(...villages, ...townships), [county]));
    expect(orgs).toHaveLength(10_000);
    const position = new Map(orgs.map((o, i) => [o.id, i]));
    expect(orgs.every((o) => o.parentId === 'county-lankao' || position.get(o.parentId!)! < position.get(o.id)!)).toBe(true);
    const tooMany = parseOrganizationCsv(csv(...villages, ...townships, 'vil-extra,多余村,village,twp-1'), [county]);
    expect(codes(tooMany)).toEqual([[10_002, undefined, 'ORG.IMPORT_TOO_LARGE']]);
  });

  it('lists the ids a file names, as rows and as parents, for looking them up first', () => {
    const csv = ['id,name,kind,parentId', 'vil-a,甲村,village,twp-x', 'twp-x,某镇,township,county', 'bad id!,乙,village,'].join('\n');
    expect(referencedOrganizationIds(csv).sort()).toEqual(['county', 'twp-x', 'vil-a']);
    expect(referencedOrganizationIds(new Uint8Array([0xb4, 0xe5]))).toEqual([]);
  });
});
