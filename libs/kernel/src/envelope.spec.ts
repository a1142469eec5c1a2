import { metadataCausedBy } from './envelope.js';

describe('the metadata of a reaction', () => {
  const actor = { actorId: 'u-sup', actorOrgId: 'county', actorRoles: ['supervisor'] };

  it('is caused by the event and keeps its correlation', () => {
    expect(metadataCausedBy({ eventId: 'e-1', metadata: { correlationId: 'req-7' } }, actor)).toEqual({ ...actor, correlationId: 'req-7', causationId: 'e-1' });
  });

  it('starts a correlation at the event when it had none', () => {
    const cause = { eventId: 'e-2', metadata: { correlationId: undefined as unknown as string } };
    expect(metadataCausedBy(cause, actor)).toMatchObject({ correlationId: 'e-2', causationId: 'e-2' });
  });
});
