import data from '../data/v15-doctype-permissions.json';

/**
 * Role permissions (permlevel 0) of the doctypes the provisioning steps touch, from
 * `data/v15-doctype-permissions.json` (a verbatim copy of shared/erpnext/). In v15 only the user
 * Administrator bypasses them; an API key acts as the user it belongs to.
 */
export type PermissionRight = 'read' | 'write' | 'create' | 'delete' | 'submit' | 'cancel';

export interface DoctypePermissions {
  doctype: string;
  isSingle: boolean;
  isSubmittable: boolean;
  permissions: Array<{ role: string; rights: PermissionRight[] }>;
}

interface RawDoctype {
  issingle: number;
  is_submittable: number;
  permissions: Array<{ role: string; rights: string[] }>;
}

const raw = data.doctypes as unknown as Record<string, RawDoctype>;

export const DOCTYPE_PERMISSIONS: ReadonlyMap<string, DoctypePermissions> = new Map(
  Object.entries(raw).map(([doctype, d]) => [
    doctype,
    {
      doctype,
      isSingle: d.issingle === 1,
      isSubmittable: d.is_submittable === 1,
      permissions: d.permissions.map((p) => ({ role: p.role, rights: p.rights as PermissionRight[] })),
    },
  ]),
);

export const ADMINISTRATOR = 'Administrator';

/** Roles whose rule grants `right` on `doctype` (empty for a doctype not in the table). */
export function rolesGranting(doctype: string, right: PermissionRight): string[] {
  const d = DOCTYPE_PERMISSIONS.get(doctype);
  if (!d) return [];
  return d.permissions.filter((p) => p.rights.includes(right)).map((p) => p.role);
}

/**
 * Whether a user with `roles` holds `right` on `doctype` by role permissions. `user` Administrator
 * always does; a doctype missing from the table is answered with `undefined` (unknown, not denied).
 */
export function hasRight(user: string, roles: readonly string[], doctype: string, right: PermissionRight): boolean | undefined {
  if (user === ADMINISTRATOR) return true;
  if (!DOCTYPE_PERMISSIONS.has(doctype)) return undefined;
  const granting = rolesGranting(doctype, right);
  return roles.some((r) => granting.includes(r));
}
