import type pg from 'pg';
import type { RecordedEvent } from '@app/kernel';
import type { Projection } from '@app/event-store';
import type { OrganizationEvent } from '../domain/organization.decider.js';

/**
 * `read.organizations`: the tree with each organisation's ancestors (root first) materialised,
 * so "everything under X" is one query on a GIN index (`ancestors @> array[X]`), never a walk.
 * Ancestors never change: the domain has no "move"; a merge keeps the merged organisation in place.
 */
export class OrganizationTreeProjection implements Projection {
  readonly name = 'access.organizations';
  readonly tables = ['read.organizations'];
  readonly categories = ['org'];

  async setup(client: pg.ClientBase): Promise<void> {
    await client.query(`
      create schema if not exists read;
      create table if not exists read.organizations (
        id                text primary key,
        name              text not null,
        kind              text not null,
        parent_id         text,
        ancestors         text[] not null,
        merged            boolean not null default false,
        merged_into       text,
        secretary_name    text,
        secretary_user_id text,
        backward          boolean not null default false,
        backward_reason   text,
        plaques           text[] not null default '{}',
        registered_at     timestamptz not null,
        revision          bigint not null
      );
      create index if not exists organizations_ancestors on read.organizations using gin (ancestors);
      create index if not exists organizations_parent on read.organizations (parent_id);`);
  }

  async apply(events: RecordedEvent[], client: pg.ClientBase): Promise<void> {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as OrganizationEvent;
      const revision = recorded.streamRevision;
      switch (event.type) {
        case 'OrganizationRegistered': {
          const { orgId, name, kind, parentId, at } = event.data;
          // The parent was registered earlier in the global order, so its row is here.
          await client.query(
            `insert into read.organizations (id, name, kind, parent_id, ancestors, registered_at, revision)
             select $1, $2, $3, $4,
                    coalesce((select p.ancestors || p.id from read.organizations p where p.id = $4), '{}'::text[]),
                    $5, $6
             on conflict (id) do nothing`,
            [orgId, name, kind, parentId, at, revision],
          );
          break;
        }
        case 'OrganizationRenamed':
          await this.update(client, event.data.orgId, revision, 'name = $3', [event.data.name]);
          break;
        case 'OrganizationMerged':
          await this.update(client, event.data.orgId, revision, 'merged = true, merged_into = $3', [event.data.intoId]);
          break;
        case 'SecretaryAppointed':
          await this.update(client, event.data.orgId, revision, 'secretary_name = $3, secretary_user_id = $4', [
            event.data.secretary.name,
            event.data.secretary.userId,
          ]);
          break;
        case 'SecretaryReplaced':
          await this.update(client, event.data.orgId, revision, 'secretary_name = $3, secretary_user_id = $4', [
            event.data.next.name,
            event.data.next.userId,
          ]);
          break;
        case 'OrganizationDesignatedBackward':
          await this.update(client, event.data.orgId, revision, 'backward = true, backward_reason = $3', [event.data.reason]);
          break;
        case 'OrganizationRestored':
          await this.update(client, event.data.orgId, revision, 'backward = false, backward_reason = null', []);
          break;
        case 'PlaqueAwarded':
          await this.update(client, event.data.orgId, revision, 'plaques = array_append(array_remove(plaques, $3), $3)', [
            event.data.plaque,
          ]);
          break;
        case 'PlaqueRevoked':
          await this.update(client, event.data.orgId, revision, 'plaques = array_remove(plaques, $3)', [event.data.plaque]);
          break;
        case 'OrganizationCommended':
        case 'SecretaryAdjustmentRecommended':
          await this.update(client, event.data.orgId, revision, 'name = name', []);
          break;
        default:
          // DESIGN §8: an event the tree does not know stops it with an error naming the event (the
          // runner adds its position), rather than leaving the tree silently wrong. A new event type
          // gets its case here before it is ever appended.
          throw new Error(`access.organizations cannot apply ${recorded.type} (stream ${recorded.streamId}, revision ${recorded.streamRevision})`);
      }
    }
  }

  private async update(client: pg.ClientBase, id: string, revision: number, set: string, values: unknown[]): Promise<void> {
    await client.query(`update read.organizations set ${set}, revision = $2 where id = $1`, [id, revision, ...values]);
  }

  async reset(client: pg.ClientBase): Promise<void> {
    await client.query('truncate read.organizations');
  }
}

export interface OrganizationRow {
  id: string;
  name: string;
  kind: string;
  parent_id: string | null;
  ancestors: string[];
  merged: boolean;
  merged_into: string | null;
  secretary_name: string | null;
  secretary_user_id: string | null;
  backward: boolean;
  backward_reason: string | null;
  plaques: string[];
  registered_at: Date;
  revision: string;
}
