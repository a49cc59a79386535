import type { AppName, DocTypeDef, SiteSession, SiteView } from '../model/meta';
import { SiteStore } from '../model/site-store';
import type { Clock } from '../util';

export type { AppName, SiteSession } from '../model/meta';

export interface AppDoctypes {
  frappe: readonly DocTypeDef[];
  erpnext: readonly DocTypeDef[];
}

/**
 * One bench site: its own database, sessions, installed apps and maintenance flag. Doctypes of an
 * app exist only once the app is installed (a fresh `bench new-site` has frappe's alone).
 */
export class Site implements SiteView {
  readonly store = new SiteStore();
  readonly sessions = new Map<string, SiteSession>();
  maintenance = false;
  /** site_config.json (only the keys the simulator honours, e.g. `trigger_site_setup_in_background`). */
  readonly config: Record<string, unknown> = {};
  private apps: AppName[] = ['frappe'];
  private metaByName = new Map<string, DocTypeDef>();
  private parentsByChild = new Map<string, string[]>();

  constructor(
    readonly name: string,
    private readonly doctypes: AppDoctypes,
    readonly clock: Clock,
  ) {
    this.rebuildMeta();
  }

  get installedApps(): readonly AppName[] {
    return this.apps;
  }

  hasApp(app: string): boolean {
    return (this.apps as string[]).includes(app);
  }

  addApp(app: AppName): void {
    if (!this.apps.includes(app)) this.apps = [...this.apps, app];
    this.rebuildMeta();
  }

  meta(doctype: string): DocTypeDef | undefined {
    return this.metaByName.get(doctype);
  }

  allMeta(): DocTypeDef[] {
    return [...this.metaByName.values()];
  }

  /** Parent doctypes whose child tables use `childDoctype`. */
  parentsOf(childDoctype: string): string[] {
    return this.parentsByChild.get(childDoctype) ?? [];
  }

  private rebuildMeta(): void {
    this.metaByName = new Map();
    for (const app of this.apps) for (const meta of this.doctypes[app]) this.metaByName.set(meta.name, meta);
    this.store.nonTransactional = new Set([...this.metaByName.values()].filter((m) => m.engine === 'MyISAM').map((m) => m.name));
    this.parentsByChild = new Map();
    for (const meta of this.metaByName.values()) {
      for (const field of meta.fields) {
        if (field.fieldtype !== 'Table' || !field.options) continue;
        const list = this.parentsByChild.get(field.options) ?? [];
        if (!list.includes(meta.name)) list.push(meta.name);
        this.parentsByChild.set(field.options, list);
      }
    }
  }
}
