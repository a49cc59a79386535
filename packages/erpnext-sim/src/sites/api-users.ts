/**
 * API users for tests: an enabled User with the given roles and an API key/secret, as an
 * administrator would leave one after creating the user and pressing "Generate Keys". The key then
 * acts as that user, under that user's role permissions (only Administrator bypasses them).
 */
import type { Doc } from '../model/doc';
import { dbSetValue, getDoc, insertDoc, requireMeta, saveDoc, updateFields } from '../model/document-engine';
import { forgetRoles } from '../model/permissions';
import { collationKey, cstr } from '../util';
import { asAdministrator } from './admin-context';
import type { Site } from './site';

export interface ApiUserSpec {
  /** The user's email; it becomes the User name (lower-cased). */
  user: string;
  roles: string[];
  apiKey: string;
  apiSecret: string;
}

/** The stored User name for an email (User autoname lower-cases it). */
function userName(site: Site, email: string): string | undefined {
  return site.store.canonicalName('User', email.trim().toLowerCase());
}

/** Replaces the user's roles (Has Role rows) through a normal save, so user_type follows them. */
export function setUserRoles(site: Site, user: string, roles: readonly string[]): void {
  asAdministrator(site, (ctx) => {
    const name = userName(site, user) ?? user;
    const doc = getDoc(ctx, 'User', name);
    updateFields(ctx, requireMeta(ctx, 'User'), doc, { roles: roles.map((role) => ({ role })) } as Doc, { keepName: true });
    saveDoc(ctx, doc, { ignorePermissions: true });
    forgetRoles(ctx);
  });
}

/**
 * Creates (or updates) an enabled user with these roles and keys. Fails like the document engine
 * would (unknown role: LinkValidationError; not an email: InvalidEmailAddressError), and when the
 * key already belongs to another user.
 */
export function addApiUser(site: Site, spec: ApiUserSpec): string {
  for (const other of site.store.scan('User')) {
    if (other.api_key && collationKey(cstr(other.api_key)) === collationKey(spec.apiKey) && collationKey(cstr(other.name)) !== collationKey(spec.user)) {
      throw new Error(`API key ${spec.apiKey} already belongs to ${cstr(other.name)}`);
    }
  }
  const existing = userName(site, spec.user);
  let name = existing;
  if (existing) setUserRoles(site, existing, spec.roles);
  else {
    name = asAdministrator(site, (ctx) => {
      const local = spec.user.split('@')[0] ?? spec.user;
      const doc = insertDoc(
        ctx,
        { doctype: 'User', email: spec.user, first_name: local, enabled: 1, send_welcome_email: 0, roles: spec.roles.map((role) => ({ role })) },
        { ignorePermissions: true },
      );
      return cstr(doc.name);
    });
  }
  const stored = cstr(name);
  asAdministrator(site, (ctx) => {
    // As generate_keys leaves it: the key in the row, the secret in the auth table.
    dbSetValue(ctx, 'User', stored, { enabled: 1, api_key: spec.apiKey, api_secret: '*'.repeat(spec.apiSecret.length) }, { updateModified: false });
    ctx.site.store.setPassword('User', stored, 'api_secret', spec.apiSecret);
  });
  return stored;
}
