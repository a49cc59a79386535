import { hasRight } from '@provisioner/frappe-facts';
import { tenantSpec } from '../testing/step-harness';
import { missingPermissions, requiredPermissions, rolesToGrant } from './required-permissions';

describe('the permissions a run needs', () => {
  const needs = requiredPermissions(tenantSpec({ includeDemoData: true, posStoreEnabled: true }));

  it('are all granted to Administrator, whatever its roles', () => {
    expect(missingPermissions('Administrator', [], needs)).toEqual([]);
  });

  it('are not all granted by System Manager alone, as on a real v15 site', () => {
    const missing = missingPermissions('api@fleet.example', ['System Manager'], needs).map((n) => n.doctype);
    for (const doctype of ['Mode of Payment', 'Warehouse', 'Account', 'Cost Center', 'Stock Settings', 'Customer', 'Customer Group', 'Territory', 'Price List', 'UOM', 'Item', 'POS Profile']) {
      expect(missing).toContain(doctype);
    }
    expect(missing).not.toContain('Company');
  });

  it('are covered by the roles it suggests, added to what the user has', () => {
    const missing = missingPermissions('api@fleet.example', ['System Manager'], needs);
    const roles = ['System Manager', ...rolesToGrant(missing)];
    expect(needs.filter((n) => !hasRight('api@fleet.example', roles, n.doctype, n.right))).toEqual([]);
  });

  it('leave out demo items and POS when the tenant has neither', () => {
    const lean = requiredPermissions(tenantSpec({ includeDemoData: false, posStoreEnabled: false })).map((n) => n.doctype);
    expect(lean).not.toContain('Item');
    expect(lean).not.toContain('POS Profile');
  });
});
