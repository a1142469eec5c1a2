import { CommandHandler, type ICommandHandler, Command } from '@nestjs/cqrs';
import { Clock, DomainError, unprocessable } from '@app/kernel';
import { CommandRunner, Database, metadataFor, type CommandContext } from '@app/platform';
import { assertCanAdminister } from '../domain/authorization.js';
import { organizationDecider, organizationStream } from '../domain/organization.decider.js';
import { type ExistingOrganization, parseOrganizationCsv, referencedOrganizationIds } from '../domain/organization-import.js';
import type { OrgKind } from '../domain/organization.rules.js';
import { OrganizationStreams } from '../application/org-facts.js';

export interface ImportAnswer {
  imported: number;
  ids: string[];
}

export class ImportOrganizationsCommand extends Command<ImportAnswer> {
  constructor(readonly ctx: CommandContext, readonly csv: string | Uint8Array) {
    super();
  }
}

const rejected = (errors: unknown[]) =>
  unprocessable('ORG.IMPORT_REJECTED', 'The file was not imported; nothing was registered. See errors for each line.', { errors });

@CommandHandler(ImportOrganizationsCommand)
export class ImportOrganizationsHandler implements ICommandHandler<ImportOrganizationsCommand, ImportAnswer> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly orgs: OrganizationStreams,
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  async execute({ ctx, csv }: ImportOrganizationsCommand): Promise<ImportAnswer> {
    assertCanAdminister(ctx.actor);
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
    if (!result.ok) throw rejected(result.errors);

    const now = this.clock.now();
    const metadata = metadataFor(ctx);
    const ids: string[] = [];
    for (const org of result.organizations) {
      try {
        await this.runner.run({
          streamId: organizationStream(org.id),
          decider: organizationDecider,
          command: {
            type: 'RegisterOrganization',
            id: org.id,
            name: org.name,
            kind: org.kind,
            parentId: org.parentId,
            parent: org.parentKind === null ? null : { kind: org.parentKind, merged: false },
            now,
            actor: ctx.actor,
          },
          metadata,
          now,
        });
        ids.push(org.id);
      } catch (error) {
        // Only a concurrent registration of the same id gets here (everything else was checked).
        if (error instanceof DomainError) {
          throw unprocessable('ORG.IMPORT_INTERRUPTED', `Line ${org.line}: ${error.message}; the lines before it were registered`, {
            errors: [{ line: org.line, field: 'id', code: error.code, message: error.message }],
            registered: ids,
          });
        }
        throw error;
      }
    }
    return { imported: ids.length, ids };
  }
}
