/**
 * The cookies of one client, so a password login (`sid`) carries over to later requests as a
 * browser's would. Only name/value, Max-Age=0 and past Expires matter: every request goes to one
 * site, so Path and Domain are not checked.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Applies the `Set-Cookie` lines of one response. */
  store(setCookie: readonly string[] | undefined): void {
    for (const line of setCookie ?? []) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (attributes.some(isExpiry)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** The `Cookie` request header, or undefined when the jar is empty. */
  header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

function isExpiry(attribute: string): boolean {
  const [key = '', ...rest] = attribute.split('=');
  const name = key.trim().toLowerCase();
  const value = rest.join('=').trim();
  if (name === 'max-age') return Number(value) <= 0;
  if (name === 'expires') {
    const at = Date.parse(value);
    return Number.isFinite(at) && at <= Date.now();
  }
  return false;
}
