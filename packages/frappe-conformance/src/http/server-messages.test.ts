import { decodeServerMessages } from './server-messages';

describe('decodeServerMessages', () => {
  it('decodes the double-encoded v15 shape and strips HTML', () => {
    const inner = JSON.stringify({ message: 'Company <strong>Acme</strong> already exists', title: 'Duplicate Name', indicator: 'red' });
    const decoded = decodeServerMessages({ exc_type: 'DuplicateEntryError', _server_messages: JSON.stringify([inner]) });
    expect(decoded.problem).toBeUndefined();
    expect(decoded.messages.map((m) => [m.message, m.title])).toEqual([['Company Acme already exists', 'Duplicate Name']]);
  });

  it('names the layer that is not v15 when the messages are encoded once', () => {
    const decoded = decodeServerMessages({ _server_messages: JSON.stringify([{ message: 'x' }]) });
    expect(decoded.problem).toMatch(/encoded once/);
  });

  it('reports an absent field as absent, not as a problem', () => {
    expect(decodeServerMessages({ exc_type: 'AuthenticationError' })).toEqual({ present: false, messages: [], innerStrings: [] });
  });
});
