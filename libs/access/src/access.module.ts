import { Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { ActorVerifier, ProjectionRegistry } from '@app/platform';
import { OrganizationDirectory } from './application/organization-directory.js';
import { SubjectAccess } from './application/subject-access.js';
import { OrganizationStreams } from './application/org-facts.js';
import { OrganizationTreeProjection } from './infrastructure/organization-tree.projection.js';
import { PostgresOrganizationDirectory } from './infrastructure/postgres-organization-directory.js';
import { OrganizationsController } from './organizations/organizations.http.controller.js';
import { OrganizationQueries } from './organizations/organization.queries.js';
import { ChangeOrganizationHandler, RegisterOrganizationHandler } from './organizations/organization.commands.js';
import { ImportOrganizationsHandler } from './organizations/import-organizations.command.js';
import { UserCommandShell } from './application/user-command-shell.js';
import { CreateUserHandler } from './create-user/create-user.handler.js';
import { ChangeUserRolesHandler } from './change-user-roles/change-user-roles.handler.js';
import { DisableUserHandler } from './disable-user/disable-user.handler.js';
import { UsersController } from './http/users.http.controller.js';
import { ACCESS_ENV, BootstrapAdmin } from './users/bootstrap-admin.js';
import { AuthController } from './auth/auth.http.controller.js';
import { LoginService } from './auth/login.service.js';
import { StreamActorVerifier } from './auth/stream-actor-verifier.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { TimelineProjection } from './timeline/timeline.projection.js';
import { TimelineController, TimelineQueries } from './timeline/timeline.http.controller.js';

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
        OrganizationQueries,
        RegisterOrganizationHandler,
        ChangeOrganizationHandler,
        ImportOrganizationsHandler,
        UserCommandShell,
        CreateUserHandler,
        ChangeUserRolesHandler,
        DisableUserHandler,
        LoginThrottle,
        LoginService,
        { provide: ActorVerifier, useClass: StreamActorVerifier },
        BootstrapAdmin,
        TimelineQueries,
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
