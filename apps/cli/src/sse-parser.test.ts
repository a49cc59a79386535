import { SseParser } from './sse-parser';

describe('SseParser', () => {
  it('dispatches a message at the blank line with its id, event name and data', () => {
    const p = new SseParser();
    expect(p.push('retry: 3000\n\nid: 7\nevent: snapshot\ndata: {"a":1}\n\n')).toEqual([{ id: '7', event: 'snapshot', data: '{"a":1}' }]);
  });

  it('puts a message back together when chunks split lines and CRLFs anywhere', () => {
    const p = new SseParser();
    const text = 'id: 1\r\nevent: step_started\r\ndata: {"step":"company"}\r\n\r\n: heartbeat\r\n\r\nid: 2\r\ndata: x\r\n\r\n';
    const got = [];
    for (const ch of text) got.push(...p.push(ch));
    expect(got).toEqual([
      { id: '1', event: 'step_started', data: '{"step":"company"}' },
      { id: '2', event: 'message', data: 'x' },
    ]);
  });

  it('ignores comments and messages without data', () => {
    const p = new SseParser();
    expect(p.push(': heartbeat\n\nevent: ping\n\n')).toEqual([]);
  });

  it('joins several data lines with newlines', () => {
    expect(new SseParser().push('data: a\ndata: b\n\n')).toEqual([{ id: undefined, event: 'message', data: 'a\nb' }]);
  });
});
