import type { Auth, FrappeHttp } from './http/frappe-http';

/**
 * What a fact may use: the Administrator's client, clients with other credentials, and the run's
 * throwaway context. Everything a fact creates is tracked (`track`) before it exists, so the
 * runner can delete it at the end and list what it could not delete.
 */
export interface Target {
  /** Token auth as Administrator; keeps no cookies. */
  readonly admin: FrappeHttp;
  /** The Administrator credentials `admin` sends, to add to another client's request. */
  readonly adminAuth: Auth;
  /** Same site, other credentials, a fresh cookie jar (kept when `keepCookies`). */
  client(auth: Auth, options?: { keepCookies?: boolean }): FrappeHttp;
  /** Unique per run (`cf` + 6 hex): names every document the run creates. */
  readonly tag: string;
  readonly server: ServerKind;
  /** The run's throwaway Company, created on first use and shared. */
  company(): Promise<ThrowawayCompany>;
  /** A throwaway user with only System Manager, a password and API keys, created on first use. */
  apiUser(): Promise<ApiUser>;
  /** An abbreviation no Company on the site uses, and that this run has not handed out. */
  unusedAbbr(): Promise<string>;
  /** Records a document the run is about to create (harmless if the insert then fails). */
  track(doctype: string, name: string): void;
  /**
   * Deletes a tracked document. Resolves undefined when it is gone (202, or 404 because it was
   * never created) and a one-line reason when the site refused; it then stays tracked.
   */
  remove(doctype: string, name: string): Promise<string | undefined>;
  /** Records that the fact deleted a tracked document itself (a DELETE it checks, frappe.client.delete). */
  deletedBy(doctype: string, name: string): void;
}

/**
 * What the runner knows about the server. Against the embedded simulator it chose the timings
 * itself, so it knows two Company inserts started together overlap on the server; against a real
 * site it knows nothing and must observe.
 */
export type ServerKind = { kind: 'simulator'; companyInsertMs: number; setupWizardMs: number } | { kind: 'remote' };

export interface ThrowawayCompany {
  name: string;
  abbr: string;
  /** How long its insert took, as the client saw it. */
  insertMs: number;
}

export interface ApiUser {
  name: string;
  password: string;
  key: string;
  secret: string;
}
