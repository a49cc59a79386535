import { check, data, field, link, select } from '../model/field-builders';
import type { DocTypeDef } from '../model/meta';
import { cint } from '../util';

/**
 * System Settings (Single). `setup_complete` is what the setup wizard flips last; the password
 * policy is on with a minimum zxcvbn score of 2 on a new v15 site.
 */
export const systemSettingsDocType: DocTypeDef = {
  name: 'System Settings',
  isSingle: true,
  fields: [
    link('country', 'Country', 'Country'),
    data('language', 'Language', { default: 'en' }),
    data('time_zone', 'Time Zone'),
    link('currency', 'Default Currency', 'Currency'),
    data('date_format', 'Date Format', { default: 'dd-mm-yyyy' }),
    data('time_format', 'Time Format', { default: 'HH:mm:ss' }),
    data('number_format', 'Number Format', { default: '#,###.##' }),
    select('float_precision', 'Float Precision', ['', '2', '3', '4', '5', '6', '7', '8', '9'], { default: '3' }),
    select('currency_precision', 'Currency Precision', ['', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']),
    select('rounding_method', 'Rounding Method', ["Banker's Rounding (legacy)", "Banker's Rounding", 'Commercial Rounding'], {
      default: "Banker's Rounding (legacy)",
    }),
    check('setup_complete', 'Setup Complete'),
    check('enable_scheduler', 'Enable Scheduled Jobs'),
    field('backup_limit', 'Number of Backups', 'Int', { default: 3 }),
    check('enable_telemetry', 'Allow Sending Usage Data for Improving Applications', 1),
    check('enable_onboarding', 'Enable Onboarding', 1),
    check('disable_user_pass_login', 'Disable Username/Password Login'),
    check('allow_error_traceback', 'Show Full Error and Allow Reporting of Issues to the Developer'),
    data('session_expiry', 'Session Expiry (idle timeout)', { default: '240:00' }),
    check('enable_password_policy', 'Enable Password Policy', 1),
    select('minimum_password_score', 'Minimum Password Score', ['', '2', '3', '4'], { default: '2' }),
  ],
  controller: {
    validate(ctx, doc) {
      if (cint(doc.enable_password_policy) && cint(doc.minimum_password_score) <= 0) ctx.throw('Please select Minimum Password Score');
      else if (!cint(doc.enable_password_policy)) doc.minimum_password_score = '';
    },
  },
};
