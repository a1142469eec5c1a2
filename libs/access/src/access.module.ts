import { Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { ActorVerifier, ProjectionRegistry } from '@app/platform';
import { OrganizationDirectory } from './application/organization-directory.js';
import { SubjectAccess } from './application/subject-access.js';
import { OrganizationStreams } from './application/organization-streams.js';
import { OrganizationTreeProjection } from './read-models/organization-tree.projection.js';
import { TimelineProjection } from './read-models/timeline.projection.js';
import { PostgresOrganizationDirectory } from './infrastructure/postgres-organization-directory.js';
import { OrganizationCommandShell } from './application/organization-command-shell.js';
import { UserCommandShell } from './application/user-command-shell.js';
import { ACCESS_ENV, BootstrapAdmin } from './application/bootstrap-admin.js';
import { StreamActorVerifier } from './application/stream-actor-verifier.js';
import { RegisterOrganizationHandler } from './register-organization/register-organization.handler.js';
import { ImportOrganizationsHandler } from './import-organizations/import-organizations.handler.js';
import { RenameOrganizationHandler } from './rename-organization/rename-organization.handler.js';
import { MergeOrganizationHandler } from './merge-organization/merge-organization.handler.js';
import { AppointSecretaryHandler } from './appoint-secretary/appoint-secretary.handler.js';
import { DesignateBackwardHandler } from './designate-backward/designate-backward.handler.js';
import { RestoreFromBackwardHandler } from './restore-from-backward/restore-from-backward.handler.js';
import { AwardPlaqueHandler } from './award-plaque/award-plaque.handler.js';
import { RevokePlaqueHandler } from './revoke-plaque/revoke-plaque.handler.js';
import { GetOrganizationHandler } from './get-organization/get-organization.handler.js';
import { ListOrganizationsHandler } from './list-organizations/list-organizations.handler.js';
import { GetTimelineHandler } from './get-timeline/get-timeline.handler.js';
import { CreateUserHandler } from './create-user/create-user.handler.js';
import { ChangeUserRolesHandler } from './change-user-roles/change-user-roles.handler.js';
import { DisableUserHandler } from './disable-user/disable-user.handler.js';
import { LoginThrottle } from './sign-in/login-throttle.js';
import { SignInHandler } from './sign-in/sign-in.handler.js';
import { OrganizationsController } from './http/organizations.http.controller.js';
import { TimelineController } from './http/timeline.http.controller.js';
import { UsersController } from './http/users.http.controller.js';
import { AuthController } from './http/auth.http.controller.js';

/**
 * Organisations, users, sign-in and the organisation timeline. Other contexts inject
 * `OrganizationDirectory` for scope checks and names.
 */
@Module({})
export class AccessModule implements OnModuleInit {
  constructor(private readonly registry: ProjectionRegistry, private readonly http: HttpAdapterHost) {}

  /** `env`: the same overrides the app was built with (BOOTSTRAP_ORG_ID, BOOTSTRAP_ORG_NAME). */
  static forRoot(env: Record<string, string | undefined> = {}): DynamicModule {
    return {
      module: AccessModule,
      global: true,
      controllers: [OrganizationsController, UsersController, AuthController, TimelineController],
      providers: [
        { provide: ACCESS_ENV, useValue: { ...process.env, ...env } },
        OrganizationStreams,
        { provide: OrganizationDirectory, useClass: PostgresOrganizationDirectory },
        SubjectAccess,
        OrganizationCommandShell,
        RegisterOrganizationHandler,
        ImportOrganizationsHandler,
        RenameOrganizationHandler,
        MergeOrganizationHandler,
        AppointSecretaryHandler,
        DesignateBackwardHandler,
        RestoreFromBackwardHandler,
        AwardPlaqueHandler,
        RevokePlaqueHandler,
        GetOrganizationHandler,
        ListOrganizationsHandler,
        GetTimelineHandler,
        UserCommandShell,
        CreateUserHandler,
        ChangeUserRolesHandler,
        DisableUserHandler,
        LoginThrottle,
        SignInHandler,
        { provide: ActorVerifier, useClass: StreamActorVerifier },
        BootstrapAdmin,
      ],
      exports: [OrganizationDirectory, SubjectAccess, ActorVerifier],
    };
  }

  onModuleInit(): void {
    this.registry.register(new OrganizationTreeProjection());
    this.registry.register(new TimelineProjection());
    // CSV uploads (organisation import) arrive as raw bytes: the importer checks the UTF-8 itself.
    const fastify = this.http.httpAdapter?.getInstance() as FastifyInstance | undefined;
    if (fastify && !fastify.hasContentTypeParser('text/csv')) {
      fastify.addContentTypeParser('text/csv', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    }
  }
}
