import { oneAtATime } from '../../frontend/src/shared/one-at-a-time';

/** A send whose end the test decides. */
function heldSend() {
  const calls: string[] = [];
  let finish: (ok: boolean) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const send = (text: string) => {
    calls.push(text);
    return new Promise<boolean>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return { calls, send, finish: (ok: boolean) => finish(ok), fail: (error: Error) => fail(error) };
}

describe('oneAtATime: a double press sends once', () => {
  it('a call while the first runs answers busy at once and does not send', async () => {
    const held = heldSend();
    const send = oneAtATime(held.send, false);
    const first = send('first press');
    expect(await send('second press')).toBe(false);
    expect(held.calls).toEqual(['first press']);
    held.finish(true);
    expect(await first).toBe(true);
  });

  it('once the first has ended, the next press sends', async () => {
    const held = heldSend();
    const send = oneAtATime(held.send, false);
    const first = send('one');
    held.finish(true);
    await first;
    const second = send('two');
    expect(held.calls).toEqual(['one', 'two']);
    held.finish(true);
    expect(await second).toBe(true);
  });

  it('a send that failed frees the way for the next press, and its error reaches the caller', async () => {
    const held = heldSend();
    const send = oneAtATime(held.send, false);
    const first = send('one');
    held.fail(new Error('network'));
    await expect(first).rejects.toThrow('network');
    void send('again');
    expect(held.calls).toEqual(['one', 'again']);
  });
});
