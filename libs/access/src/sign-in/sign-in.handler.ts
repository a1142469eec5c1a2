import bcrypt from 'bcryptjs';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { JwtService } from '@nestjs/jwt';
import { DomainError } from '@app/kernel';
import { EventStore } from '@app/event-store';
import { readUserState } from '../application/user-state.js';
import { LoginThrottle } from './login-throttle.js';
import { SignInCommand, type SignInAnswer } from './sign-in.command.js';

// Compared against when the username is unknown, so both failures take the same time. A
// constant (a cost-10 hash, like BCRYPT_COST): hashing it at import would block every start.
const DUMMY_HASH = '$2b$10$KWparIdU.Z8tpTMYC2z9ougfPYmRyCaJu72GqsTL2J2flkYKXbe7m';

/** One message for every failure: it must not tell which part was wrong. */
const rejected = () => new DomainError('unauthenticated', 'AUTH.INVALID_CREDENTIALS', 'The username or password is wrong.');

/** Sign-in against the user's own stream: the same answer for every failure, a throttle on guessing, a JWT of the user's standing. */
@CommandHandler(SignInCommand)
export class SignInHandler implements ICommandHandler<SignInCommand> {
  constructor(private readonly store: EventStore, private readonly jwt: JwtService, private readonly throttle: LoginThrottle) {}

  async execute({ username, password, ip }: SignInCommand): Promise<SignInAnswer> {
    const name = username.trim();
    await this.throttle.assertAllowed(name, ip);
    // The user's own stream, folded: a user created a moment ago signs in at once.
    const user = await readUserState(this.store, name);
    const hash = user.status === 'none' ? DUMMY_HASH : user.passwordHash;
    const matches = await bcrypt.compare(password, hash);
    if (user.status !== 'active' || !matches) {
      await this.throttle.recordFailure(name, ip);
      throw rejected();
    }
    await this.throttle.recordSuccess(name);
    const accessToken = await this.jwt.signAsync({ sub: user.username, username: user.username, orgId: user.orgId, roles: user.roles });
    return { accessToken };
  }
}
