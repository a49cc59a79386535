/**
 * What `bench new-site` and `bench --site X install-app erpnext` leave behind: frappe's roles,
 * Administrator (password = admin password) and Guest, the 250 Countries of frappe/geo/country_info.json
 * (frappe-facts) with their currencies, default
 * System Settings; erpnext adds its doctypes and saves Stock/Selling Settings with their defaults.
 * No API keys, no setup wizard fixtures: a Company cannot be created until the wizard has run.
 */
import { COUNTRIES } from '@provisioner/frappe-facts';
import { ENABLED_CURRENCIES, STANDARD_ROLES } from '../doctypes';
import type { DocContext } from '../model/meta';
import { getDoc, insertDoc, saveDoc } from '../model/document-engine';
import { asAdministrator } from './admin-context';
import type { Site } from './site';

export const FRAPPE_VERSION = '15.92.0';
export const ERPNEXT_VERSION = '15.92.1';
export const BRANCH = 'version-15';

export function installFrappe(site: Site, adminPassword: string): void {
  asAdministrator(site, (ctx) => {
    for (const role of STANDARD_ROLES) {
      insertDoc(ctx, { doctype: 'Role', role_name: role, desk_access: role === 'Guest' ? 0 : 1 }, { ignorePermissions: true });
    }
    insertDoc(
      ctx,
      {
        doctype: 'User',
        email: 'admin@example.com',
        first_name: 'Administrator',
        send_welcome_email: 0,
        roles: STANDARD_ROLES.filter((r) => r !== 'Guest' && r !== 'All').map((role) => ({ role })),
      },
      { ignorePermissions: true },
    );
    // The installer's update_password("Administrator", admin_password): no password policy.
    ctx.site.store.setPassword('User', 'Administrator', 'password', adminPassword);
    insertDoc(ctx, { doctype: 'User', email: 'guest@example.com', first_name: 'Guest', send_welcome_email: 0, roles: [{ role: 'Guest' }] }, { ignorePermissions: true });
    // import_country_and_currency: every country_info.json entry, then its currency.
    const currencies = new Set<string>();
    for (const country of COUNTRIES.values()) {
      insertDoc(
        ctx,
        {
          doctype: 'Country',
          country_name: country.name,
          code: country.code,
          date_format: country.date_format || 'dd-mm-yyyy',
          time_format: 'HH:mm:ss',
          time_zones: country.timezones.join('\n'),
        },
        { ignorePermissions: true, ignoreIfDuplicate: true },
      );
      if (country.currency) currencies.add(country.currency);
    }
    for (const currency of currencies) {
      insertDoc(
        ctx,
        { doctype: 'Currency', currency_name: currency, enabled: (ENABLED_CURRENCIES as readonly string[]).includes(currency) ? 1 : 0 },
        { ignorePermissions: true },
      );
    }
    saveDoc(ctx, getDoc(ctx, 'System Settings', 'System Settings'), { ignorePermissions: true, ignoreMandatory: true });
  });
}

function saveSingleDefaults(ctx: DocContext, doctype: string): void {
  saveDoc(ctx, getDoc(ctx, doctype, doctype), { ignorePermissions: true, ignoreMandatory: true });
}

/** erpnext `after_install`: `set_single_defaults` for the settings the fleet reads. */
export function installErpnext(site: Site): void {
  site.addApp('erpnext');
  asAdministrator(site, (ctx) => {
    saveSingleDefaults(ctx, 'Stock Settings');
    saveSingleDefaults(ctx, 'Selling Settings');
  });
}
