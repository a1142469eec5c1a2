import { Injectable } from '@nestjs/common';
import { foldRecorded } from '@app/kernel';
import { EventStore } from '@app/event-store';
import type { OrgFacts } from '../domain/authorization.js';
import type { OrganizationRecord } from './organization-directory.js';
import {
  type OrgRef,
  type OrganizationState,
  organizationDecider,
  organizationStream,
} from '../domain/organization.decider.js';

export type RegisteredOrganization = Exclude<OrganizationState, { status: 'unregistered' }>;

const refOf = (state: RegisteredOrganization): OrgRef => ({ kind: state.kind, merged: state.status === 'merged' });

/** The tree is at most county → township → village (+ organs); a longer chain means bad data. */
const MAX_DEPTH = 16;

/**
 * Facts about organisations read from their streams, not from the read model: a command must
 * see an organisation registered a moment ago (a CSV import registers parents, then children).
 */
@Injectable()
export class OrganizationStreams {
  constructor(private readonly store: EventStore) {}

  async state(id: string): Promise<OrganizationState> {
    return foldRecorded(organizationDecider, await this.store.readStream(organizationStream(id)));
  }

  async ref(id: string): Promise<OrgRef | null> {
    const state = await this.state(id);
    return state.status === 'unregistered' ? null : refOf(state);
  }

  /** Refs of those of `ids` that are registered, read in batches of streams (one round trip each where the store can). */
  async refs(ids: string[]): Promise<Map<string, OrgRef>> {
    const found = new Map<string, OrgRef>();
    for (let i = 0; i < ids.length; i += 500) {
      const batch = ids.slice(i, i + 500);
      const streams = await this.store.readStreamsForFolding(batch.map(organizationStream));
      for (const id of batch) {
        const state = foldRecorded(organizationDecider, streams.get(organizationStream(id)) ?? []);
        if (state.status !== 'unregistered') found.set(id, refOf(state));
      }
    }
    return found;
  }

  /**
   * The organisation as the directory describes it, from the streams: for one registered so
   * recently that the tree read model does not have it yet. Null when unknown.
   */
  async record(id: string): Promise<OrganizationRecord | null> {
    const found = await this.current(id);
    if (!found) return null;
    const { state, facts } = found;
    return {
      ...facts,
      name: state.name,
      kind: state.kind,
      merged: state.status === 'merged',
      secretaryName: state.secretary?.name ?? null,
    };
  }

  /**
   * A registered organisation as its stream says now: its folded state, its place in the tree
   * (ancestors, root first, from the parents' streams) and its stream revision; null when unknown.
   */
  async current(id: string): Promise<{ state: RegisteredOrganization; facts: OrgFacts; revision: number } | null> {
    const history = await this.store.readStream(organizationStream(id));
    const state = foldRecorded(organizationDecider, history);
    if (state.status === 'unregistered') return null;
    const facts = { id, parentId: state.parentId, ancestors: await this.ancestorsOf(state.parentId) };
    return { state, facts, revision: history[history.length - 1]!.streamRevision };
  }

  /** Ancestors, root first, by walking the parents' streams up from `parentId`. */
  private async ancestorsOf(parentId: string | null): Promise<string[]> {
    const ancestors: string[] = [];
    let next = parentId;
    while (next !== null && ancestors.length < MAX_DEPTH) {
      ancestors.unshift(next);
      const parent = await this.state(next);
      next = parent.status === 'unregistered' ? null : parent.parentId;
    }
    return ancestors;
  }
}
