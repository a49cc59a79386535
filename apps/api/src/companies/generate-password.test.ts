import { checkPasswordPolicy } from '@provisioner/frappe-facts';
import { generateAdminPassword } from './generate-password';

describe('generated admin passwords', () => {
  it('have 20 characters with a lower case letter, an upper case letter, a digit and a symbol', () => {
    for (let i = 0; i < 200; i++) {
      const password = generateAdminPassword();
      expect(password).toHaveLength(20);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[2-9]/);
      expect(password).toMatch(/[!#%+\-=?@_]/);
      expect(password).not.toMatch(/[lIO01]/);
    }
  });

  it('do not repeat', () => {
    const seen = new Set(Array.from({ length: 500 }, () => generateAdminPassword()));
    expect(seen.size).toBe(500);
  });

  it("always pass ERPNext's default password policy", () => {
    for (let i = 0; i < 200; i++) {
      const verdict = checkPasswordPolicy(generateAdminPassword(), ['Acme Corporation', 'admin@acme.com']);
      expect(verdict.passes).toBe(true);
    }
  });
});
