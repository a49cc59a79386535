import type { SimulatorHandle } from '@provisioner/erpnext-sim';

/** What the simulated ERPNext holds, read directly from its store (no HTTP, no faults). */
export function docsOf(sim: SimulatorHandle, doctype: string, site?: string): Array<Record<string, unknown>> {
  return sim.site(site).list(doctype) as unknown as Array<Record<string, unknown>>;
}

export function countDocs(sim: SimulatorHandle, doctype: string, site?: string): number {
  return docsOf(sim, doctype, site).length;
}
