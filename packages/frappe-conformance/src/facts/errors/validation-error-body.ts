/**
 * §3/§4: a ValidationError (here its subclass LinkValidationError) is 417 with `exc_type` and a
 * double-encoded `_server_messages`: a JSON string of an array of JSON strings, each an object
 * with `message` and `title`, written with `json.dumps`' default separators. Provoked by a
 * Customer whose customer_group does not exist; nothing is created (link validation runs before
 * the insert).
 */
import { Checklist } from '../../checklist';
import type { Fact } from '../../fact';
import { resourcePath } from '../../http/frappe-http';
import { asObject } from '../../http/json-access';
import { excType, summarize } from '../../http/response-summary';
import { decodeServerMessages } from '../../http/server-messages';

export const validationErrorBodyFact: Fact = {
  id: 'validation-error-417-body',
  section: '§3/§4',
  title: 'a LinkValidationError is 417 with exc_type and a double-encoded _server_messages',
  async run(target) {
    const group = `No Such Group ${target.tag}`;
    const customerName = `Conformance ${target.tag} Bad Group`;
    target.track('Customer', customerName);
    const res = await target.admin.post(resourcePath('Customer'), { customer_name: customerName, customer_type: 'Company', customer_group: group });
    const check = new Checklist();
    check.expect(res.status === 417, () => `expected 417, got ${summarize(res)}`);
    check.expect(excType(res) === 'LinkValidationError', () => `expected exc_type LinkValidationError, got ${String(excType(res))}`);
    check.expect(typeof asObject(res.body)?._server_messages === 'string', '_server_messages is missing or not a string');
    const decoded = decodeServerMessages(res.body);
    if (decoded.problem) check.differ(decoded.problem);
    const first = decoded.messages[0];
    check.expect(first !== undefined && typeof first.raw.message === 'string' && typeof first.title === 'string', 'expected a message object with "message" and "title"');
    check.expect(
      decoded.messages.some((m) => m.message.includes(`Could not find Customer Group: ${group}`)),
      () => `expected "Could not find Customer Group: ${group}", got ${JSON.stringify(decoded.messages.map((m) => m.message)).slice(0, 120)}`,
    );
    check.expect(decoded.innerStrings.every((s) => s.includes('": "')), 'expected the inner JSON to use json.dumps separators (", " and ": ")');
    if (res.status === 200) await target.remove('Customer', customerName);
    return check.result(`417 LinkValidationError, _server_messages = ${JSON.stringify(asObject(res.body)?._server_messages ?? '').slice(0, 90)}…`);
  },
};
