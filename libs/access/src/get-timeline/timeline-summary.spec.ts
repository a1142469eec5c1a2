import { summaryOf } from './timeline-summary.js';

describe('timeline summaries', () => {
  it('keep plain data as it is', () => {
    const data = { noticeId: 'n-1', items: [{ id: 'i-1', problem: '问题' }], at: '2025-01-01T00:00:00.000Z', n: 2, ok: true, none: null };
    expect(summaryOf(data)).toEqual(data);
  });

  it('leave out secrets at any depth', () => {
    const data = { userId: 'u-1', passwordHash: 'x', nested: [{ token: 't', keep: 1 }], more: { apiSecret: 's', name: 'n' } };
    expect(summaryOf(data)).toEqual({ userId: 'u-1', nested: [{ keep: 1 }], more: { name: 'n' } });
  });

  it('cut large data to its short scalar fields', () => {
    const data = { id: 'x', long: 'y'.repeat(5000), list: [1, 2, 3] };
    expect(summaryOf(data)).toEqual({ id: 'x' });
  });

  it('cut data to its short scalar fields when it is large once its secrets are left out', () => {
    const data = { id: 'x', token: 't', list: ['z'.repeat(4100)] };
    expect(summaryOf(data)).toEqual({ id: 'x' });
  });

  it('are an empty object for data that is not an object', () => {
    expect(summaryOf(null)).toEqual({});
    expect(summaryOf([1])).toEqual({});
  });
});
