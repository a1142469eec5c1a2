import { Injectable } from '@nestjs/common';

/** Other modules add readiness checks here (e.g. the scheduler's lag); a check throws when not ready. */
@Injectable()
export class ReadinessChecks {
  private readonly checks: Array<{ name: string; check: () => Promise<void | Record<string, unknown>> }> = [];
  add(name: string, check: () => Promise<void | Record<string, unknown>>): void {
    this.checks.push({ name, check });
  }
  all() {
    return [...this.checks];
  }
}
