/** ping, auth, versions, API keys, setup wizard, logout. */
import { endSession } from '../frappe/sessions';
import { getDoc, saveDoc } from '../model/document-engine';
import { onlyFor } from '../model/permissions';
import { setupComplete } from '../sites/setup-wizard';
import { BRANCH, ERPNEXT_VERSION, FRAPPE_VERSION } from '../sites/site-install';
import { cstr, generateHash } from '../util';
import { required, type MethodDef } from './method-def';

const APP_INFO: Record<string, { title: string; description: string; version: string }> = {
  frappe: { title: 'Frappe Framework', description: 'Full stack web framework with Python, Javascript, MariaDB, Redis, Node', version: FRAPPE_VERSION },
  erpnext: { title: 'ERPNext', description: 'ERP made simple', version: ERPNEXT_VERSION },
};

export const CORE_METHODS: Record<string, MethodDef> = {
  ping: { app: 'frappe', allowGuest: true, call: () => 'pong' },
  'frappe.ping': { app: 'frappe', allowGuest: true, call: () => 'pong' },
  logout: {
    app: 'frappe',
    allowGuest: true,
    call(ctx) {
      endSession(ctx);
      return undefined;
    },
  },
  'frappe.auth.get_logged_user': { app: 'frappe', call: (ctx) => ctx.user },
  'frappe.utils.change_log.get_versions': {
    app: 'frappe',
    call(ctx) {
      const out: Record<string, unknown> = {};
      for (const app of ctx.site.installedApps) {
        const info = APP_INFO[app];
        if (info) out[app] = { title: info.title, description: info.description, branch: BRANCH, version: info.version };
      }
      return out;
    },
  },
  'frappe.core.doctype.user.user.generate_keys': {
    app: 'frappe',
    methods: ['POST'],
    write: true,
    call(ctx, args) {
      // v15: frappe.only_for("System Manager") (a bare PermissionError; not "or self"), then a
      // permission-checked save of the User.
      onlyFor(ctx, 'System Manager');
      const user = getDoc(ctx, 'User', cstr(required(args, 'generate_keys', 'user')));
      const apiSecret = generateHash(15);
      if (!user.api_key) user.api_key = generateHash(15);
      user.api_secret = apiSecret;
      saveDoc(ctx, user);
      return { api_key: user.api_key, api_secret: apiSecret };
    },
  },
  'frappe.desk.page.setup_wizard.setup_wizard.setup_complete': {
    app: 'frappe',
    write: true,
    call: (ctx, args) => setupComplete(ctx, required(args, 'setup_complete', 'args')),
  },
};
