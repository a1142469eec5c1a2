import { Injectable } from '@nestjs/common';
import { decodeState, notFound, type Actor } from '@app/kernel';
import { Database } from '@app/platform';
import { assertCanRead, ORG_NOT_FOUND, readableScopeRoot } from '../domain/authorization.js';
import { OrganizationDirectory } from './organization-directory.js';

export interface ScopedSubjectFilter {
  targetOrgId?: string;
  status?: string;
  limit: number;
  offset: number;
}

/**
 * Lists of subjects that concern one organisation (conversations, pledges), scoped as `GET
 * /notices` is: only subjects whose target lies in the caller's subtree (a join on the tree's
 * ancestor array, in SQL), and a named target the caller may not read, or that does not exist, is
 * a 404. Reads a `read.<table>` of FoldedSubjectsProjection; newest first.
 */
@Injectable()
export class ScopedSubjects {
  constructor(private readonly database: Database, private readonly organizations: OrganizationDirectory) {}

  async list<State>(table: string, actor: Actor, filter: ScopedSubjectFilter): Promise<Array<{ state: State; revision: number }>> {
    if (!/^[a-z_]+$/.test(table)) throw new Error(`Bad read-model table name ${table}`);
    if (filter.targetOrgId !== undefined) {
      const target = await this.organizations.get(filter.targetOrgId);
      if (!target) throw notFound(ORG_NOT_FOUND, 'Not found');
      assertCanRead(actor, target);
    }
    const params: unknown[] = [filter.limit, filter.offset];
    const add = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [];
    const root = readableScopeRoot(actor);
    if (root !== null) {
      const at = add(root);
      where.push(`(o.id = ${at} or o.ancestors @> array[${at}::text])`);
    }
    if (filter.targetOrgId !== undefined) where.push(`s.target_org_id = ${add(filter.targetOrgId)}`);
    if (filter.status !== undefined) where.push(`s.status = ${add(filter.status)}`);
    const { rows } = await this.database.pool.query<{ state: unknown; revision: number }>(
      `select s.state, s.revision
         from read.${table} s
         join read.organizations o on o.id = s.target_org_id
        ${where.length ? `where ${where.join(' and ')}` : ''}
        order by s.started_at desc, s.id desc
        limit $1 offset $2`,
      params,
    );
    return rows.map((row) => ({ state: decodeState<State>(row.state), revision: row.revision }));
  }
}
