import { Injectable } from '@nestjs/common';
import { Database } from '@app/platform';
import { OrganizationDirectory, type OrganizationRecord } from '../application/organization-directory.js';
import { isOrganizationId, type OrgKind } from '../domain/organization.rules.js';
import { OrganizationStreams } from '../application/organization-streams.js';
import type { OrganizationRow } from '../read-models/organization-tree.projection.js';

export const ORGANIZATION_COLUMNS = `id, name, kind, parent_id, ancestors, merged, merged_into, secretary_name,
  secretary_user_id, backward, backward_reason, plaques, registered_at, revision`;

export function toRecord(row: OrganizationRow): OrganizationRecord {
  return {
    id: row.id,
    parentId: row.parent_id,
    ancestors: row.ancestors,
    name: row.name,
    kind: row.kind as OrgKind,
    merged: row.merged,
    secretaryName: row.secretary_name,
  };
}

/**
 * OrganizationDirectory over `read.organizations` (eventually consistent with the streams). A
 * lookup by id that the read model cannot answer falls back to the organisation's streams, so a
 * client that registers an organisation and at once issues a notice to it is not told 404.
 */
@Injectable()
export class PostgresOrganizationDirectory extends OrganizationDirectory {
  constructor(private readonly database: Database, private readonly streams: OrganizationStreams) {
    super();
  }

  private async rows(where: string, values: unknown[]): Promise<OrganizationRow[]> {
    const { rows } = await this.database.pool.query<OrganizationRow>(
      `select ${ORGANIZATION_COLUMNS} from read.organizations where ${where} order by id`,
      values,
    );
    return rows;
  }

  async get(id: string): Promise<OrganizationRecord | null> {
    // No organisation has an id outside the rule; such an id (a NUL from a path) is simply unknown.
    if (!isOrganizationId(id)) return null;
    const [row] = await this.rows('id = $1', [id]);
    return row ? toRecord(row) : this.streams.record(id);
  }

  async getMany(ids: string[]): Promise<OrganizationRecord[]> {
    if (ids.length === 0) return [];
    const found = (await this.rows('id = any($1::text[])', [ids])).map(toRecord);
    const known = new Set(found.map((r) => r.id));
    const missing = [...new Set(ids)].filter((id) => !known.has(id) && isOrganizationId(id));
    if (missing.length === 0) return found;
    for (const record of await Promise.all(missing.map((id) => this.streams.record(id)))) if (record) found.push(record);
    return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async children(parentId: string): Promise<OrganizationRecord[]> {
    return (await this.rows('parent_id = $1', [parentId])).map(toRecord);
  }

  async subtree(rootId: string): Promise<OrganizationRecord[]> {
    return (await this.rows('id = $1 or ancestors @> array[$1::text]', [rootId])).map(toRecord);
  }
}
