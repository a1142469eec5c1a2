import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig, Clock, loadConfig, SystemClock } from '@app/kernel';


/**
 * Validated configuration for the whole app. `loadConfig` throws a ConfigError naming the
 * variable, which stops the start before anything else is built.
 */
@Global()
@Module({})
export class ConfigurationModule {
  static forRoot(overrides: Record<string, string | undefined> = {}, clock?: Clock): DynamicModule {
    const env = () => ({ ...process.env, ...overrides });
    return {
      module: ConfigurationModule,
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: (raw) => (loadConfig({ ...raw, ...overrides }), raw) })],
      providers: [
        { provide: AppConfig, useFactory: () => loadConfig(env()) },
        clock ? { provide: Clock, useValue: clock } : { provide: Clock, useClass: SystemClock },
      ],
      exports: [AppConfig, Clock],
    };
  }
}
