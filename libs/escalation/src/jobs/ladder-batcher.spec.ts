import { Batcher, type BatchEntry } from './ladder-batcher.js';

/** A flush that the test finishes by hand, recording each batch's requests. */
function controlledFlush() {
  const batches: number[][] = [];
  const finish: Array<() => void> = [];
  const flush = (batch: Array<BatchEntry<number, string>>) => {
    batches.push(batch.map((e) => e.request));
    return new Promise<void>((resolve) => {
      finish.push(() => {
        for (const entry of batch) entry.resolve(`done ${entry.request}`);
        resolve();
      });
    });
  };
  return { batches, finish, flush };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('Batcher: batches that grow with load, like a group commit', () => {
  it('flushes at once when nothing is in flight, gathering only the calls of the same tick', async () => {
    const { batches, finish, flush } = controlledFlush();
    const batcher = new Batcher(flush, 10, 1);
    const results = [batcher.submit(1), batcher.submit(2)];
    await tick();
    expect(batches).toEqual([[1, 2]]);
    finish[0]!();
    expect(await Promise.all(results)).toEqual(['done 1', 'done 2']);
  });

  it('gathers what arrives while the batches in flight run, and sends it when one finishes, at most maxSize at a time', async () => {
    const { batches, finish, flush } = controlledFlush();
    const sizes: number[] = [];
    const batcher = new Batcher(flush, 3, 1, (size) => sizes.push(size));
    const all = [batcher.submit(1)];
    await tick();
    for (let i = 2; i <= 6; i++) all.push(batcher.submit(i));
    await tick();
    expect(batches).toEqual([[1]]);
    finish[0]!();
    await tick();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    finish[1]!();
    await tick();
    expect(batches).toEqual([[1], [2, 3, 4], [5, 6]]);
    finish[2]!();
    expect(await Promise.all(all)).toHaveLength(6);
    expect(sizes).toEqual([1, 3, 2]);
  });

  it('runs up to maxInFlight batches side by side', async () => {
    const { batches, flush } = controlledFlush();
    const batcher = new Batcher(flush, 2, 2);
    void batcher.submit(1);
    await tick();
    void batcher.submit(2);
    await tick();
    void batcher.submit(3);
    await tick();
    expect(batches).toEqual([[1], [2]]);
  });

  it('rejects every call of a batch whose flush fails, and goes on with the next', async () => {
    let calls = 0;
    const batcher = new Batcher<number, string>(
      async (batch) => {
        calls++;
        if (calls === 1) throw new Error('database down');
        for (const entry of batch) entry.resolve('ok');
      },
      10,
      1,
    );
    await expect(batcher.submit(1)).rejects.toThrow('database down');
    await expect(batcher.submit(2)).resolves.toBe('ok');
  });
});
