import { type DomainError, conflict, unprocessable } from '@app/kernel';
import {
  type OrgKind,
  ORG_ID_RULE,
  ORG_KINDS,
  isOrgKind,
  isOrganizationId,
  normalizeOrganizationName,
  placementProblem,
} from './organization.rules.js';

/**
 * The pure part of `POST /organizations/import`: a CSV file in, either the organisations to
 * register (parents before children) or a report of every problem by line. All or nothing:
 * a single error means nothing is imported, so a half-built tree never exists.
 */
export const IMPORT_HEADER = ['id', 'name', 'kind', 'parentId'] as const;
export const MAX_IMPORT_ROWS = 10_000;

export type ImportField = (typeof IMPORT_HEADER)[number];

export interface ImportError {
  /** Physical line in the file where the record starts (the header is line 1). */
  line: number;
  field?: ImportField;
  code: string;
  message: string;
}

export interface ImportedOrganization {
  line: number;
  id: string;
  name: string;
  kind: OrgKind;
  parentId: string | null;
  /** Kind of the parent (from the file or the existing tree), for the RegisterOrganization command. */
  parentKind: OrgKind | null;
}

export type OrganizationImportResult =
  | { ok: true; organizations: ImportedOrganization[] }
  | { ok: false; errors: ImportError[] };

export interface ExistingOrganization {
  id: string;
  kind: OrgKind;
  merged?: boolean;
}

export interface ImportOptions {
  maxRows?: number;
}

// ---------------------------------------------------------------------------------------------
// RFC 4180 reading

interface CsvRecord {
  line: number;
  fields: string[];
}

type ReadResult = { records: CsvRecord[]; errors: ImportError[]; tooMany: CsvRecord | null };

/**
 * Reads records; stops once `limit` records are read and one more is found (`tooMany`), so a
 * huge upload costs no more than the limit. Quoted fields may hold commas, doubled quotes and
 * line breaks; CRLF, LF and lone CR all end a record.
 */
function readCsv(text: string, limit: number): ReadResult {
  const records: CsvRecord[] = [];
  const errors: ImportError[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;

  const atEndOfRecord = () => i >= n || text[i] === '\n' || text[i] === '\r';
  const consumeNewline = () => {
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
  };
  const skipRestOfLine = () => {
    while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
    if (i < n) consumeNewline();
  };

  records: while (i < n) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) {
            errors.push({ line: start, code: 'ORG.IMPORT_CSV', message: 'A quoted field is never closed' });
            break records;
          }
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
          field += c;
          i++;
        }
        if (!atEndOfRecord() && text[i] !== ',') {
          errors.push({ line: start, code: 'ORG.IMPORT_CSV', message: 'Unexpected text after a closing quote' });
          skipRestOfLine();
          continue records;
        }
      } else {
        while (!atEndOfRecord() && text[i] !== ',') {
          if (text[i] === '"') {
            errors.push({
              line: start,
              code: 'ORG.IMPORT_CSV',
              message: 'A quote inside an unquoted field; quote the whole field and double the quote',
            });
            skipRestOfLine();
            continue records;
          }
          field += text[i];
          i++;
        }
      }
      fields.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (i < n) consumeNewline();
    // Blank lines and the empty rows spreadsheets leave at the end (",,,") carry nothing.
    if (fields.every((f) => f.trim() === '')) continue;
    const record = { line: start, fields };
    // records[0] is the header
    if (records.length > limit) return { records, errors, tooMany: record };
    records.push(record);
  }
  return { records, errors, tooMany: null };
}

function decode(input: string | Uint8Array): string | null {
  if (typeof input === 'string') return input.startsWith('\uFEFF') ? input.slice(1) : input;
  try {
    // fatal: a GBK file saved by an older Excel must be refused, not turned into mojibake names
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    return null;
  }
}

/**
 * A refused file as the error its caller throws: 409 when every problem is an id that exists
 * already (as when one registration repeats an id), 422 otherwise; nothing is imported either way.
 */
export function importRefusal(errors: ImportError[]): DomainError {
  return errors.every((e) => e.code === 'ORG.DUPLICATE')
    ? conflict('ORG.IMPORT_DUPLICATES', 'The file was not imported: organisations with these ids exist already. See errors for each line.', { errors })
    : unprocessable('ORG.IMPORT_REJECTED', 'The file was not imported; nothing was registered. See errors for each line.', { errors });
}

/**
 * Every id a file names, as its own id or as a parent (unchecked, for looking them up before
 * the real parse); empty when the file cannot be decoded or is too large to import.
 */
export function referencedOrganizationIds(input: string | Uint8Array, options: ImportOptions = {}): string[] {
  const text = decode(input);
  if (text === null) return [];
  const { records, tooMany } = readCsv(text, options.maxRows ?? MAX_IMPORT_ROWS);
  if (tooMany) return [];
  const ids = new Set<string>();
  for (const { fields } of records.slice(1)) {
    for (const field of [fields[0], fields[3]]) {
      const id = field?.trim();
      if (id && isOrganizationId(id)) ids.add(id);
    }
  }
  return [...ids];
}

// ---------------------------------------------------------------------------------------------
// Checking

interface Row {
  line: number;
  id: string;
  name: string | null;
  kind: OrgKind | null;
  parentId: string | null;
  idValid: boolean;
  parentIdValid: boolean;
}

export function parseOrganizationCsv(
  input: string | Uint8Array,
  existing: Iterable<ExistingOrganization>,
  options: ImportOptions = {},
): OrganizationImportResult {
  const maxRows = options.maxRows ?? MAX_IMPORT_ROWS;
  const text = decode(input);
  if (text === null) {
    return fail([{ line: 1, code: 'ORG.IMPORT_ENCODING', message: 'The file is not UTF-8; save it as "CSV UTF-8"' }]);
  }

  const { records, errors, tooMany } = readCsv(text, maxRows);
  if (tooMany) {
    return fail([
      {
        line: tooMany.line,
        code: 'ORG.IMPORT_TOO_LARGE',
        message: `At most ${maxRows} organisations per import; split the file`,
      },
    ]);
  }
  const [header, ...data] = records;
  if (!header || header.line !== 1 || header.fields.join(',') !== IMPORT_HEADER.join(',')) {
    return fail([{ line: 1, code: 'ORG.IMPORT_HEADER', message: `The first line must be exactly: ${IMPORT_HEADER.join(',')}` }]);
  }
  if (data.length === 0 && errors.length === 0) {
    return fail([{ line: 2, code: 'ORG.IMPORT_EMPTY', message: 'The file holds no organisations' }]);
  }

  const existingById = new Map<string, ExistingOrganization>();
  for (const org of existing) existingById.set(org.id, org);

  const rows: Row[] = [];
  for (const { line, fields } of data) {
    if (fields.length !== IMPORT_HEADER.length) {
      errors.push({
        line,
        code: 'ORG.IMPORT_CSV',
        message: `Expected ${IMPORT_HEADER.length} fields (${IMPORT_HEADER.join(',')}), found ${fields.length}`,
      });
      continue;
    }
    const [rawId, rawName, rawKind, rawParent] = fields.map((f) => f.trim());
    const row: Row = {
      line,
      id: rawId,
      name: normalizeOrganizationName(rawName),
      kind: isOrgKind(rawKind) ? rawKind : null,
      parentId: rawParent === '' ? null : rawParent,
      idValid: isOrganizationId(rawId),
      parentIdValid: rawParent === '' || isOrganizationId(rawParent),
    };
    if (!row.idValid) errors.push({ line, field: 'id', code: 'ORG.INVALID_ID', message: `id ${shown(rawId)} must be ${ORG_ID_RULE}` });
    if (row.name === null) errors.push({ line, field: 'name', code: 'ORG.INVALID_NAME', message: 'name must be 1..100 characters' });
    if (row.kind === null) {
      errors.push({ line, field: 'kind', code: 'ORG.INVALID_KIND', message: `kind ${shown(rawKind)} must be one of ${ORG_KINDS.join(', ')}` });
    }
    if (!row.parentIdValid) {
      errors.push({ line, field: 'parentId', code: 'ORG.INVALID_ID', message: `parentId ${shown(rawParent)} must be ${ORG_ID_RULE}` });
    }
    rows.push(row);
  }

  // Duplicates: against the tree, and within the file (the first occurrence stands).
  const inFile = new Map<string, Row>();
  for (const row of rows) {
    if (!row.idValid) continue;
    const first = inFile.get(row.id);
    if (existingById.has(row.id)) {
      errors.push({ line: row.line, field: 'id', code: 'ORG.DUPLICATE', message: `Organisation ${row.id} already exists` });
    } else if (first) {
      errors.push({ line: row.line, field: 'id', code: 'ORG.DUPLICATE', message: `Organisation ${row.id} is also on line ${first.line}` });
    }
    if (!first) inFile.set(row.id, row);
  }

  const onCycle = findCycles(inFile, existingById);
  for (const [id, path] of onCycle) {
    const row = inFile.get(id)!;
    errors.push({ line: row.line, field: 'parentId', code: 'ORG.CYCLE', message: `The parents loop: ${path.join(' → ')}` });
  }

  // Parents and the shape of the tree
  const parentKinds = new Map<Row, OrgKind | null>();
  for (const row of rows) {
    if (!row.parentIdValid || onCycle.has(row.id)) continue;
    let parentKind: OrgKind | null = null;
    if (row.parentId !== null) {
      const outside = existingById.get(row.parentId);
      const inside = inFile.get(row.parentId);
      if (outside) {
        if (outside.merged) {
          errors.push({ line: row.line, field: 'parentId', code: 'ORG.PARENT_MERGED', message: `Parent ${row.parentId} was merged` });
          continue;
        }
        parentKind = outside.kind;
      } else if (inside) {
        parentKind = inside.kind;
        // the parent's own row reports a bad kind; no second error here
        if (parentKind === null) continue;
      } else {
        errors.push({
          line: row.line,
          field: 'parentId',
          code: 'ORG.UNKNOWN_PARENT',
          message: `Parent ${row.parentId} is neither in the file nor registered`,
        });
        continue;
      }
    }
    parentKinds.set(row, parentKind);
    if (row.kind === null) continue;
    const problem = placementProblem(row.kind, row.parentId, parentKind);
    if (problem) errors.push({ line: row.line, field: 'parentId', code: problem.code, message: problem.message });
  }

  if (errors.length > 0) return fail(errors);
  return {
    ok: true,
    organizations: parentsFirst(rows, inFile).map((row) => ({
      line: row.line,
      id: row.id,
      name: row.name!,
      kind: row.kind!,
      parentId: row.parentId,
      parentKind: parentKinds.get(row) ?? null,
    })),
  };
}

/** User text echoed in a message, cut short so one bad cell cannot flood the report. */
function shown(value: string): string {
  const chars = [...value];
  return JSON.stringify(chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : value);
}

const FIELD_ORDER: Array<ImportField | undefined> = [undefined, ...IMPORT_HEADER];

function fail(errors: ImportError[]): OrganizationImportResult {
  const sorted = [...errors].sort(
    (a, b) => a.line - b.line || FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field),
  );
  return { ok: false, errors: sorted };
}

/** Ids of rows whose parent chain inside the file comes back to them, with the loop for the message. */
function findCycles(inFile: Map<string, Row>, existing: Map<string, ExistingOrganization>): Map<string, string[]> {
  const cycles = new Map<string, string[]>();
  const done = new Set<string>();
  for (const startId of inFile.keys()) {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let id: string | null = startId;
    while (id !== null && !done.has(id) && !existing.has(id)) {
      const row = inFile.get(id);
      if (!row) break;
      const seenAt = onPath.get(id);
      if (seenAt !== undefined) {
        const loop = path.slice(seenAt);
        for (const member of loop) cycles.set(member, [...loop.slice(loop.indexOf(member)), ...loop.slice(0, loop.indexOf(member)), member]);
        break;
      }
      onPath.set(id, path.length);
      path.push(id);
      id = row.parentIdValid ? row.parentId : null;
    }
    for (const visited of path) done.add(visited);
  }
  return cycles;
}

/** File order, except that a parent in the file always comes before its children. */
function parentsFirst(rows: Row[], inFile: Map<string, Row>): Row[] {
  const ordered: Row[] = [];
  const placed = new Set<string>();
  const place = (row: Row) => {
    if (placed.has(row.id)) return;
    placed.add(row.id);
    const parent = row.parentId === null ? undefined : inFile.get(row.parentId);
    // Depth is bounded by the kind rules (county → township → village), so recursion is shallow.
    if (parent) place(parent);
    ordered.push(row);
  };
  rows.forEach(place);
  return ordered;
}
