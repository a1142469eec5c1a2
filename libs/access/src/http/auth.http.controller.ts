import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError } from '@app/kernel';
import { Public } from '@app/platform';
import { SignInCommand, type SignInAnswer } from '../sign-in/sign-in.command.js';
import { LoginRequest } from '../sign-in/sign-in.request.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly commands: CommandBus) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(
    @Body() body: LoginRequest,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SignInAnswer> {
    try {
      return await this.commands.execute(new SignInCommand(body.username, body.password, request.ip));
    } catch (error) {
      if (isDomainError(error) && error.kind === 'throttled') {
        void reply.header('retry-after', String(error.details.retryAfterSeconds ?? 60));
      }
      throw error;
    }
  }
}
