import { createIndexSql, dropIndexSql, type ReadModelIndex } from './projection.js';

describe('read-model indexes (Projection.deferredIndexes)', () => {
  const byTarget: ReadModelIndex = { name: 'notices_open_target', table: 'read.notices', on: "(target_org_id, due_at) where status = 'open'" };

  it('creates an index if it is not there, unique when asked', () => {
    expect(createIndexSql(byTarget)).toBe("create index if not exists notices_open_target on read.notices (target_org_id, due_at) where status = 'open'");
    expect(createIndexSql({ name: 'timeline_pkey', table: 'read.timeline', on: '(org_id, global_position)', unique: true })).toBe(
      'create unique index if not exists timeline_pkey on read.timeline (org_id, global_position)',
    );
  });

  it('drops it whether it is an index or a primary key constraint of that name, in the table’s schema', () => {
    expect(dropIndexSql(byTarget)).toBe('alter table read.notices drop constraint if exists notices_open_target; drop index if exists read.notices_open_target');
  });

  it('refuses names that are not plain identifiers (they are put into SQL as they are)', () => {
    expect(() => createIndexSql({ ...byTarget, name: 'x; drop table read.notices' })).toThrow(/Bad read-model index name/);
    expect(() => dropIndexSql({ ...byTarget, table: 'notices' })).toThrow(/Bad read-model table notices/);
  });
});
