/** §1: `ping` is whitelisted for guests and answers `{"message":"pong"}` and nothing else. */
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { methodPath } from '../../http/frappe-http';
import { summarize } from '../../http/response-summary';

export const pingFact: Fact = {
  id: 'ping-pong',
  section: '§1',
  title: 'ping answers {"message":"pong"} to a guest',
  async run(target) {
    const res = await target.client({ kind: 'none' }).get(methodPath('ping'));
    const check = new Checklist();
    check.expect(res.status === 200, () => `expected 200, got ${summarize(res)}`);
    check.expect(res.text !== '' && JSON.stringify(res.body) === '{"message":"pong"}', () => `expected {"message":"pong"}, got ${res.text.slice(0, 80)}`);
    return check.result('200 {"message":"pong"} without credentials');
  },
};
