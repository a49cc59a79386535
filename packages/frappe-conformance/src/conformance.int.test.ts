import { startEmbeddedSimulator, type EmbeddedSimulator } from './embedded-simulator';
import { ALL_FACTS } from './facts';
import { RunContext } from './run-context';
import { runFact } from './runner';

/**
 * Every conformance fact against the embedded simulator, over real HTTP, with the same timings the
 * CLI uses. The simulator must stay faithful to FRAPPE_REST_FACTS.md: a rule it loses makes the
 * matching fact differ here. The facts share one run context (its Company and user), in order.
 */
describe('the Frappe v15 conformance facts against the simulator', () => {
  let sim: EmbeddedSimulator;
  let context: RunContext;

  beforeAll(async () => {
    sim = await startEmbeddedSimulator();
    context = new RunContext({ baseUrl: sim.url, adminAuth: sim.auth, server: sim.server });
  });

  afterAll(async () => {
    await sim?.close();
  });

  for (const fact of ALL_FACTS) {
    it(`agrees that ${fact.title} (${fact.id}, ${fact.section})`, async () => {
      const outcome = await runFact(fact, context);
      // Compared as one line, so a failure shows what differed.
      expect(`${outcome.outcome}: ${outcome.detail}`).toMatch(/^agree: /);
    });
  }

  it('deletes everything the run created, the throwaway Company last', async () => {
    expect(await context.cleanup()).toEqual([]);
    expect(sim.handle.site().list('Company').filter((c) => String(c.name).includes(context.tag))).toEqual([]);
    expect(sim.handle.site().list('User').filter((u) => String(u.name).includes(context.tag))).toEqual([]);
  });
});
