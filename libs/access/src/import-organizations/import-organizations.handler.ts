import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, conflict, DomainError } from '@app/kernel';
import { WrongExpectedVersion } from '@app/event-store';
import { CommandRunner, Database, metadataFor } from '@app/platform';
import { authorizeRegistration } from '../domain/organization.policy.js';
import { organizationDecider, organizationStream } from '../domain/organization.decider.js';
import { type ExistingOrganization, importRefusal, parseOrganizationCsv, referencedOrganizationIds } from '../domain/organization-import.js';
import type { OrgKind } from '../domain/organization.rules.js';
import { OrganizationStreams } from '../application/organization-streams.js';
import { ImportOrganizationsCommand, type ImportAnswer } from './import-organizations.command.js';

@CommandHandler(ImportOrganizationsCommand)
export class ImportOrganizationsHandler implements ICommandHandler<ImportOrganizationsCommand, ImportAnswer> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly orgs: OrganizationStreams,
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  async execute({ ctx, csv }: ImportOrganizationsCommand): Promise<ImportAnswer> {
    authorizeRegistration(ctx.actor);
    const existing = new Map<string, ExistingOrganization>();
    const { rows } = await this.database.pool.query<{ id: string; kind: OrgKind; merged: boolean }>(
      'select id, kind, merged from read.organizations',
    );
    for (const row of rows) existing.set(row.id, row);

    // The read model may lag behind the streams (a parent registered a moment ago, an id taken
    // meanwhile): every id the file names that the read model does not know is looked up in its
    // stream, so parents are found and duplicates refused before anything is written.
    const unknown = referencedOrganizationIds(csv).filter((id) => !existing.has(id));
    for (const [id, ref] of await this.orgs.refs(unknown)) existing.set(id, { id, kind: ref.kind, merged: ref.merged });
    const result = parseOrganizationCsv(csv, existing.values());
    if (!result.ok) throw importRefusal(result.errors);

    const now = this.clock.now();
    try {
      // One atomic append for the whole file: a crash or a concurrent registration leaves either
      // the whole tree or nothing, never half of it.
      await this.runner.runAtomically({
        decider: organizationDecider,
        commands: result.organizations.map((org) => ({
          streamId: organizationStream(org.id),
          command: {
            type: 'RegisterOrganization' as const,
            id: org.id,
            name: org.name,
            kind: org.kind,
            parentId: org.parentId,
            parent: org.parentKind === null ? null : { kind: org.parentKind, merged: false },
            now,
          },
        })),
        metadata: metadataFor(ctx),
        now,
      });
    } catch (error) {
      // Everything was checked against the streams just before: only a registration that got in
      // meanwhile gets here (refused by the decider, or by the store), and nothing was registered.
      if (!(error instanceof DomainError) && !(error instanceof WrongExpectedVersion)) throw error;
      const org = error instanceof WrongExpectedVersion ? result.organizations.find((o) => organizationStream(o.id) === error.streamId) : undefined;
      const errors = org ? [{ line: org.line, field: 'id', code: 'ORG.DUPLICATE', message: `Organisation ${org.id} already exists` }] : [];
      throw conflict('ORG.IMPORT_CONFLICT', `${org ? `Line ${org.line}: organisation ${org.id} was registered meanwhile` : error.message}; nothing was imported`, { errors });
    }
    const ids = result.organizations.map((o) => o.id);
    return { imported: ids.length, ids };
  }
}
