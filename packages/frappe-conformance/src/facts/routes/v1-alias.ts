/** §1: `/api/v1/…` is the same router as `/api/…`, for methods and resources. */
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { asObject, dataOf } from '../../http/json-access';
import { summarize } from '../../http/response-summary';

export const v1AliasFact: Fact = {
  id: 'v1-alias',
  section: '§1',
  title: '/api/v1/method/… and /api/v1/resource/… answer like /api/…',
  async run(target) {
    const ping = await target.admin.get('/api/v1/method/ping');
    const read = await target.admin.get(`/api/v1/resource/Country/${encodeURIComponent('United States')}`);
    const check = new Checklist();
    check.expect(ping.status === 200 && JSON.stringify(ping.body) === '{"message":"pong"}', () => `/api/v1/method/ping: expected 200 {"message":"pong"}, got ${summarize(ping)}`);
    check.expect(read.status === 200 && asObject(dataOf(read.body))?.name === 'United States', () => `/api/v1/resource/Country/United States: expected 200 {"data":{…}}, got ${summarize(read)}`);
    return check.result('/api/v1/method/ping → pong, /api/v1/resource/Country/United States → {"data":{…}}');
  },
};
