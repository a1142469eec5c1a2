import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError } from '@app/kernel';
import { Public } from '@app/platform';
import { LoginRequest } from '../users/user.dto.js';
import { LoginService } from './login.service.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly logins: LoginService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(
    @Body() body: LoginRequest,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ accessToken: string }> {
    try {
      return await this.logins.login(body.username, body.password, request.ip);
    } catch (error) {
      if (isDomainError(error) && error.kind === 'throttled') {
        void reply.header('retry-after', String(error.details.retryAfterSeconds ?? 60));
      }
      throw error;
    }
  }
}
