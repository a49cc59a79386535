import type { Fact } from './fact';
import { selectFacts } from './fact-selection';

const fact = (id: string, section: string): Fact => ({ id, section, title: id, run: async () => ({ agree: true, detail: '' }) });
const FACTS = [fact('ping-pong', '§1'), fact('duplicate-name-409', '§3/§4'), fact('company-insert-race', '§10'), fact('country-unknown-417', '§10')];

describe('selectFacts', () => {
  it('keeps every fact without a pattern', () => {
    expect(selectFacts(FACTS, undefined)).toHaveLength(4);
  });

  it('matches parts of ids and whole sections, with or without §', () => {
    expect(selectFacts(FACTS, 'race').map((f) => f.id)).toEqual(['company-insert-race']);
    expect(selectFacts(FACTS, '§10').map((f) => f.id)).toEqual(['company-insert-race', 'country-unknown-417']);
    expect(selectFacts(FACTS, '4').map((f) => f.id)).toEqual(['duplicate-name-409']);
    expect(selectFacts(FACTS, 'PING, §3/§4').map((f) => f.id)).toEqual(['ping-pong', 'duplicate-name-409']);
  });

  it('does not take section 1 for section 10', () => {
    expect(selectFacts(FACTS, '1').map((f) => f.id)).toEqual(['ping-pong']);
  });
});
