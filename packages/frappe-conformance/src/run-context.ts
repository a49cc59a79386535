import { randomBytes, randomInt } from 'node:crypto';
import { checkPasswordPolicy } from '@provisioner/frappe-facts';
import { companyBody } from './company-body';
import { FrappeHttp, methodPath, resourcePath, type Auth } from './http/frappe-http';
import { asArray, asObject, asString, dataOf, messageOf } from './http/json-access';
import { excType, summarize } from './http/response-summary';
import type { ApiUser, ServerKind, Target, ThrowawayCompany } from './target';

export interface DocRef {
  doctype: string;
  name: string;
}

export interface Leftover extends DocRef {
  /** Why it could not be deleted, in one line (the site's answer). */
  reason: string;
}

export interface RunContextOptions {
  /** The site's origin, e.g. https://erp.example.com. */
  baseUrl: string;
  /** Sent as Host and X-Frappe-Site-Name when the URL does not name the site. */
  site?: string;
  /** Administrator's API key and secret. */
  adminAuth: Auth;
  server: ServerKind;
  /** Default: `cf` + 6 random hex digits. */
  tag?: string;
}

const ABBR_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * The throwaway context of one run. Names carry the run tag so nothing collides with the site's
 * own data or another run; the shared Company and the System Manager user are created on first use
 * only, so `--only` touches no more than the chosen facts need.
 */
export class RunContext implements Target {
  readonly tag: string;
  readonly admin: FrappeHttp;
  readonly adminAuth: Auth;
  readonly server: ServerKind;
  private readonly tracked: DocRef[] = [];
  private readonly deletedDocs: DocRef[] = [];
  private readonly handedOut = new Set<string>();
  private takenAbbrs?: Promise<Set<string>>;
  private sharedCompany?: Promise<ThrowawayCompany>;
  private sharedUser?: Promise<ApiUser>;

  constructor(options: RunContextOptions) {
    this.adminAuth = options.adminAuth;
    this.admin = new FrappeHttp({ baseUrl: options.baseUrl, ...(options.site ? { site: options.site } : {}), auth: options.adminAuth });
    this.server = options.server;
    this.tag = options.tag ?? `cf${randomBytes(3).toString('hex')}`;
  }

  client(auth: Auth, options: { keepCookies?: boolean } = {}): FrappeHttp {
    return this.admin.with(auth, options);
  }

  company(): Promise<ThrowawayCompany> {
    this.sharedCompany ??= this.createCompany();
    return this.sharedCompany;
  }

  apiUser(): Promise<ApiUser> {
    this.sharedUser ??= this.createApiUser();
    return this.sharedUser;
  }

  async unusedAbbr(): Promise<string> {
    this.takenAbbrs ??= this.loadAbbrs();
    const taken = await this.takenAbbrs;
    for (let attempt = 0; attempt < 1_000; attempt++) {
      let abbr = 'CF';
      for (let i = 0; i < 4; i++) abbr += ABBR_ALPHABET[randomInt(ABBR_ALPHABET.length)];
      if (!taken.has(abbr) && !this.handedOut.has(abbr)) {
        this.handedOut.add(abbr);
        return abbr;
      }
    }
    throw new Error('found no unused Company abbreviation in 1000 tries');
  }

  track(doctype: string, name: string): void {
    if (this.indexOf(doctype, name) === -1) this.tracked.push({ doctype, name });
  }

  async remove(doctype: string, name: string): Promise<string | undefined> {
    let reason: string;
    try {
      const res = await this.admin.delete(resourcePath(doctype, name));
      if (res.status === 202) {
        this.deletedBy(doctype, name);
        return undefined;
      }
      if (res.status === 404 && excType(res) === 'DoesNotExistError') {
        // Never created (a refused insert is tracked before it is sent) or already gone.
        const at = this.indexOf(doctype, name);
        if (at !== -1) this.tracked.splice(at, 1);
        return undefined;
      }
      reason = summarize(res);
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
    this.track(doctype, name);
    return reason;
  }

  deletedBy(doctype: string, name: string): void {
    const at = this.indexOf(doctype, name);
    if (at !== -1) this.tracked.splice(at, 1);
    this.deletedDocs.push({ doctype, name });
  }

  /**
   * Deletes everything still tracked, newest first (so the shared Company, created first, goes
   * last: v15 refuses to delete a Company that other documents still link to), and returns what
   * the site would not delete.
   */
  async cleanup(): Promise<Leftover[]> {
    const leftovers: Leftover[] = [];
    for (const doc of [...this.tracked].reverse()) {
      const reason = await this.remove(doc.doctype, doc.name);
      if (reason !== undefined) leftovers.push({ ...doc, reason });
    }
    return leftovers;
  }

  /** Documents this run created and deleted again. */
  get deleted(): readonly DocRef[] {
    return this.deletedDocs;
  }

  private indexOf(doctype: string, name: string): number {
    // Names compare as MariaDB's utf8mb4_unicode_ci would: "Acme" and "ACME" are one document.
    return this.tracked.findIndex((d) => d.doctype === doctype && d.name.toLowerCase() === name.toLowerCase());
  }

  private async loadAbbrs(): Promise<Set<string>> {
    const res = await this.admin.get(resourcePath('Company'), { fields: ['abbr'], limit_page_length: 0 });
    const rows = asArray(dataOf(res.body));
    if (res.status !== 200 || !rows) throw new Error(`could not list Company abbreviations: ${summarize(res)}`);
    return new Set(rows.map((row) => (asString(asObject(row)?.abbr) ?? '').toUpperCase()));
  }

  private async createCompany(): Promise<ThrowawayCompany> {
    const name = `Conformance ${this.tag}`;
    const abbr = await this.unusedAbbr();
    this.track('Company', name);
    const res = await this.admin.post(resourcePath('Company'), companyBody(name, abbr));
    if (res.status !== 200) throw new Error(`could not create the throwaway Company "${name}": ${summarize(res)}`);
    return { name: asString(asObject(dataOf(res.body))?.name) ?? name, abbr, insertMs: res.ms };
  }

  private async createApiUser(): Promise<ApiUser> {
    const email = `${this.tag}-system-manager@example.com`;
    const password = strongPassword([email, 'Conformance', this.tag]);
    this.track('User', email);
    const res = await this.admin.post(resourcePath('User'), {
      email,
      first_name: 'Conformance',
      last_name: this.tag,
      send_welcome_email: 0,
      new_password: password,
      roles: [{ role: 'System Manager' }],
    });
    if (res.status !== 200) throw new Error(`could not create the throwaway user ${email}: ${summarize(res)}`);
    const name = asString(asObject(dataOf(res.body))?.name) ?? email;
    const keys = await this.admin.post(methodPath('frappe.core.doctype.user.user.generate_keys'), { user: name });
    const message = asObject(messageOf(keys.body));
    const secret = asString(message?.api_secret);
    if (keys.status !== 200 || !secret) throw new Error(`generate_keys for ${name} returned no api_secret: ${summarize(keys)}`);
    // The key is also on the User record, for a site whose generate_keys answers the secret only
    // (the generate-keys fact reports that difference; the context just needs working keys).
    const key = asString(message?.api_key) ?? asString(asObject(dataOf((await this.admin.get(resourcePath('User', name))).body))?.api_key);
    if (!key) throw new Error(`found no api_key for ${name} after generate_keys`);
    return { name, password, key, secret };
  }
}

/** A random password that Frappe's default policy (zxcvbn score >= 2) accepts. */
export function strongPassword(userInputs: string[] = []): string {
  for (;;) {
    const password = `Cf-${randomBytes(6).toString('base64url')}-${randomBytes(6).toString('base64url')}`;
    if (checkPasswordPolicy(password, userInputs).passes) return password;
  }
}
