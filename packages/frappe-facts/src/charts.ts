import data from '../data/v15-countries.json';
import { findCountry } from './countries';

/**
 * The chart names ERPNext's `get_chart(chart_template)` resolves: "Standard", "Standard with
 * Numbers" and every chart file's name. For any other name ERPNext saves the Company WITHOUT
 * accounts (and its name is then taken), so an unknown chart must be refused before we ask.
 */
export const ACCEPTED_CHARTS: readonly string[] = data.charts_get_chart_accepts.charts.map((c) => c.name);

const accepted = new Set(ACCEPTED_CHARTS);

export function isAcceptedChart(name: string): boolean {
  return accepted.has(name);
}

/** The charts ERPNext offers for a country (as the setup wizard lists them), [] for an unknown country. */
export function chartsForCountry(country: string): string[] {
  return findCountry(country)?.charts ?? [];
}

/** The accepted chart that differs from `name` only in case or spacing, if any. */
export function closestChart(name: string): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');
  return ACCEPTED_CHARTS.find((c) => norm(c) === norm(name));
}
