import { Command } from '@nestjs/cqrs';

export interface SignInAnswer {
  accessToken: string;
}

/** A user signs in with its password, from a client address (failures are counted per username and per address). */
export class SignInCommand extends Command<SignInAnswer> {
  constructor(readonly username: string, readonly password: string, readonly ip: string) {
    super();
  }
}
