import type { Fact } from './fact';

const SECTION_TERM = /^§?\d+(\/§?\d+)*$/;

const sectionNumbers = (text: string) => text.split('/').map((part) => part.replace(/^§/, ''));

/**
 * `--only PATTERN`: comma-separated terms, case-insensitive. A term that looks like a section
 * ("§10", "10", "§3/§4") chooses the facts of that section; any other term chooses the facts whose
 * id contains it ("race", "country").
 */
export function selectFacts(facts: readonly Fact[], pattern: string | undefined): Fact[] {
  if (pattern === undefined) return [...facts];
  const terms = pattern
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  return facts.filter((fact) =>
    terms.some((term) => {
      if (!SECTION_TERM.test(term)) return fact.id.toLowerCase().includes(term);
      const wanted = sectionNumbers(term);
      const own = sectionNumbers(fact.section);
      return wanted.every((n) => own.includes(n));
    }),
  );
}
