/**
 * §10 Role permissions, swept over every doctype of v15-doctype-permissions.json (through
 * @provisioner/frappe-facts): a System Manager-only user can read exactly the doctypes one of its
 * roles (System Manager, and All / Guest / Desk User, which every desk user has) grants `read` —
 * others are 403. Skipped: doctypes with no rules (child tables), doctypes where one of these
 * roles has a rule without read (select-only rights this data does not list), and doctypes the
 * Administrator cannot read on this site (not installed).
 */
import { DOCTYPE_PERMISSIONS, rolesGranting } from '@provisioner/frappe-facts';
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { resourcePath } from '../../http/frappe-http';
import { summarize } from '../../http/response-summary';

const EFFECTIVE_ROLES = ['System Manager', 'All', 'Guest', 'Desk User'];

export const rolePermissionsTableFact: Fact = {
  id: 'role-permissions-v15',
  section: '§10',
  title: 'a System Manager-only user reads exactly the doctypes v15 grants System Manager (or All) read on',
  async run(target) {
    const user = await target.apiUser();
    const client = target.client({ kind: 'token', key: user.key, secret: user.secret });
    const check = new Checklist();
    const readable: string[] = [];
    const denied: string[] = [];
    const skipped: string[] = [];
    for (const [doctype, rules] of DOCTYPE_PERMISSIONS) {
      const ours = rules.permissions.filter((p) => EFFECTIVE_ROLES.includes(p.role));
      const expectRead = rolesGranting(doctype, 'read').some((role) => EFFECTIVE_ROLES.includes(role));
      if (rules.permissions.length === 0 || (!expectRead && ours.length > 0)) {
        skipped.push(doctype);
        continue;
      }
      const path = rules.isSingle ? resourcePath(doctype, doctype) : resourcePath(doctype);
      const query = rules.isSingle ? undefined : { limit_page_length: 1 };
      const asAdmin = await target.admin.get(path, query);
      if (asAdmin.status !== 200) {
        skipped.push(`${doctype} (Administrator: ${asAdmin.status})`);
        continue;
      }
      const res = await client.get(path, query);
      const expected = expectRead ? 200 : 403;
      (expectRead ? readable : denied).push(doctype);
      check.expect(res.status === expected, () => `${doctype}: expected ${expected}, got ${summarize(res, 80)}`);
    }
    return check.result(`${readable.length} readable, ${denied.length} denied (403) as v15 grants; skipped ${skipped.join(', ') || 'none'}`);
  },
};
