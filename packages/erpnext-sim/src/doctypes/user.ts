/**
 * User (frappe/core/doctype/user): named by the lower-cased email; `new_password` must pass the
 * site's password policy (frappe/password-policy.ts) and is moved to the auth table on save; api_key/api_secret authenticate `token`/`Basic` headers.
 */
import { pythonError } from '../frappe/exceptions';
import { passwordPolicyFailure } from '../frappe/password-policy';
import { forgetRoles, isValidEmail } from '../model/document-engine';
import { check, data, field, select, table } from '../model/field-builders';
import type { DocTypeDef } from '../model/meta';
import { rows } from '../model/doc';
import { cint, collationKey, cstr } from '../util';
import { NON_DESK_ROLES } from './role';

export const STANDARD_USERS: ReadonlySet<string> = new Set(['Administrator', 'Guest']);

const NEW_PASSWORD = '__new_password';

export const userDocType: DocTypeDef = {
  name: 'User',
  fields: [
    check('enabled', 'Enabled', 1),
    data('email', 'Email', { reqd: true, options: 'Email' }),
    data('first_name', 'First Name', { reqd: true }),
    data('middle_name', 'Middle Name'),
    data('last_name', 'Last Name'),
    data('full_name', 'Full Name'),
    data('username', 'Username'),
    data('language', 'Language'),
    data('time_zone', 'Time Zone'),
    data('mobile_no', 'Mobile No'),
    field('birth_date', 'Birth Date', 'Date'),
    field('bio', 'Bio', 'Small Text'),
    field('new_password', 'Set New Password', 'Password'),
    check('send_welcome_email', 'Send Welcome Email', 1),
    select('user_type', 'User Type', ['System User', 'Website User'], { default: 'System User' }),
    data('role_profile_name', 'Role Profile'),
    table('roles', 'Roles Assigned', 'Has Role'),
    data('api_key', 'API Key'),
    field('api_secret', 'API Secret', 'Password'),
    field('last_login', 'Last Login', 'Read Only'),
  ],
  controller: {
    autoname(ctx, doc) {
      if (doc.email === null || doc.email === undefined) {
        throw pythonError('AttributeError', "'NoneType' object has no attribute 'strip'");
      }
      doc.email = cstr(doc.email).trim().toLowerCase();
      // `is_admin` / `is_guest` users are named by first name.
      const standard = (doc.email === 'admin@example.com' && doc.first_name === 'Administrator') || (doc.email === 'guest@example.com' && doc.first_name === 'Guest');
      doc.name = standard ? doc.first_name : doc.email;
      void ctx;
    },
    validate(ctx, doc) {
      doc[NEW_PASSWORD] = doc.new_password;
      doc.new_password = '';
      // password_strength_test, first thing in validate, on insert and on every save.
      const password = cstr(doc[NEW_PASSWORD]);
      if (password) {
        const failure = passwordPolicyFailure(ctx, password, [doc.first_name, doc.middle_name, doc.last_name, doc.email, doc.birth_date]);
        if (failure !== undefined) ctx.throw(failure, 'ValidationError', { title: 'Invalid Password' });
      }
      const name = cstr(doc.name);
      if (!STANDARD_USERS.has(name)) {
        for (const value of [cstr(doc.email), name]) {
          if (!isValidEmail(value)) ctx.throw(`${value} is not a valid Email Address`, 'InvalidEmailAddressError');
        }
      }
      const seen = new Set<string>();
      doc.roles = rows(doc, 'roles').filter((row) => {
        const key = collationKey(cstr(row.role));
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      if (name === 'Administrator') doc.user_type = 'System User';
      else if (name === 'Guest') doc.user_type = 'Website User';
      else {
        const desk = rows(doc, 'roles').some((row) => !NON_DESK_ROLES.has(cstr(row.role)));
        doc.user_type = desk ? 'System User' : 'Website User';
      }
      doc.full_name = [doc.first_name, doc.middle_name, doc.last_name].map(cstr).filter(Boolean).join(' ');
      if (!cint(doc.enabled) && STANDARD_USERS.has(name)) ctx.throw(`User ${name} cannot be disabled`);
    },
    onUpdate(ctx, doc) {
      const password = cstr(doc[NEW_PASSWORD]);
      delete doc[NEW_PASSWORD];
      if (password) ctx.site.store.setPassword('User', cstr(doc.name), 'password', password);
      if (collationKey(cstr(doc.name)) === collationKey(ctx.user)) forgetRoles(ctx);
    },
  },
};
