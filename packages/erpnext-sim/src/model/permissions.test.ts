import { grantingRoles } from './permissions';
import type { DocTypeDef } from './meta';

const meta = (name: string, extra: Partial<DocTypeDef> = {}): DocTypeDef => ({ name, fields: [], ...extra });

describe('grantingRoles', () => {
  it('reads the v15 table for a listed doctype', () => {
    expect(grantingRoles(meta('Mode of Payment'), 'create')).toEqual(['Accounts Manager']);
    expect(grantingRoles(meta('Company'), 'read')).toContain('System Manager');
  });

  it('gives a doctype the table does not list to System Manager alone', () => {
    expect(grantingRoles(meta('Error Log'), 'read')).toEqual(['System Manager']);
    expect(grantingRoles(meta('Error Log'), 'delete')).toEqual(['System Manager']);
  });

  it('grants nobody submit or cancel on an unlisted doctype that is not submittable', () => {
    expect(grantingRoles(meta('Error Log'), 'submit')).toEqual([]);
    expect(grantingRoles(meta('Unlisted Entry', { isSubmittable: true }), 'cancel')).toEqual(['System Manager']);
  });
});
