/**
 * §10 Password policy: System Settings `enable_password_policy` 1 and `minimum_password_score` 2 by
 * default, so a User insert whose `new_password` scores below 2 (zxcvbn) is 417 "Invalid Password"
 * and nothing is saved, while a strong one is accepted. Creates one User and deletes it.
 */
import { checkPasswordPolicy } from '@provisioner/frappe-facts';
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { resourcePath } from '../../http/frappe-http';
import { asObject, asString, dataOf } from '../../http/json-access';
import { excType, summarize } from '../../http/response-summary';
import { decodeServerMessages } from '../../http/server-messages';
import { strongPassword } from '../../run-context';

const WEAK = 'password123';

export const passwordPolicyFact: Fact = {
  id: 'password-policy-invalid-password',
  section: '§10',
  title: 'a User with a weak new_password is 417 "Invalid Password"; a strong one is accepted',
  async run(target) {
    const email = `${target.tag}-password@example.com`;
    const inputs = [email, 'Conformance', target.tag];
    if (checkPasswordPolicy(WEAK, inputs).passes) throw new Error(`"${WEAK}" passes the v15 policy; pick a weaker one`);
    const user = (newPassword: string) => ({ email, first_name: 'Conformance', last_name: target.tag, send_welcome_email: 0, new_password: newPassword });
    target.track('User', email);
    const check = new Checklist();
    const weak = await target.admin.post(resourcePath('User'), user(WEAK));
    const invalid = decodeServerMessages(weak.body).messages.some((m) => m.title === 'Invalid Password' || m.message.includes('Invalid Password'));
    check.expect(weak.status === 417 && excType(weak) === 'ValidationError', () => `weak "${WEAK}": expected 417 ValidationError, got ${summarize(weak)}`);
    check.expect(invalid, () => `weak "${WEAK}": expected a message titled "Invalid Password", got ${summarize(weak)}`);
    if (weak.status === 200) await target.remove('User', email);
    const strong = await target.admin.post(resourcePath('User'), user(strongPassword(inputs)));
    check.expect(strong.status === 200, () => `strong password: expected 200, got ${summarize(strong)}`);
    await target.remove('User', asString(asObject(dataOf(strong.body))?.name) ?? email);
    return check.result(`"${WEAK}" → ${weak.status} ${excType(weak) ?? ''} titled "Invalid Password"; a strong one → 200`);
  },
};
