import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiNoBody, CommandCtx, CurrentActor, NoBody, type Actor, type CommandContext } from '@app/platform';
import { ListInboxQuery } from '../list-inbox/list-inbox.query.js';
import { InboxRequest, InboxResponse } from '../list-inbox/list-inbox.request.dto.js';
import { MarkInboxItemReadCommand, type MarkInboxItemReadResult } from '../mark-inbox-item-read/mark-inbox-item-read.command.js';

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('inbox')
export class InboxController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

  /** Reminders, warnings, escalations and to-dos for the caller's organisation, newest first. */
  @Get()
  @ApiOkResponse({ type: InboxResponse })
  list(@CurrentActor() actor: Actor, @Query() request: InboxRequest): Promise<InboxResponse> {
    return this.queries.execute(new ListInboxQuery(actor, request));
  }

  /** Marks an item read for the organisation: recorded as an event (a rebuilt inbox keeps it); marking twice appends once. */
  @Post(':id/read')
  @HttpCode(200)
  @ApiNoBody()
  read(@CommandCtx() ctx: CommandContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() _body: NoBody): Promise<MarkInboxItemReadResult> {
    return this.commands.execute(new MarkInboxItemReadCommand(id, ctx));
  }
}
