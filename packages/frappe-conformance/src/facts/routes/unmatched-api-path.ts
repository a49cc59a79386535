/** §1: an `/api/` path no route matches is DoesNotExistError 404 (as JSON, not werkzeug's HTML page). */
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { excType, summarize } from '../../http/response-summary';

export const unmatchedApiPathFact: Fact = {
  id: 'unmatched-api-path-404',
  section: '§1',
  title: 'an /api/ path that matches no route is 404 DoesNotExistError',
  async run(target) {
    const res = await target.admin.get(`/api/no-such-route-${target.tag}`);
    const check = new Checklist();
    check.expect(res.status === 404 && excType(res) === 'DoesNotExistError', () => `expected 404 DoesNotExistError, got ${summarize(res)}`);
    return check.result(`${summarize(res)} for /api/no-such-route-${target.tag}`);
  },
};
