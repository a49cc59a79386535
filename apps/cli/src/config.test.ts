import { resolveApiTarget } from './config';

describe('resolveApiTarget', () => {
  it('defaults to the local API without a token', () => {
    expect(resolveApiTarget({}, {})).toEqual({ baseUrl: 'http://127.0.0.1:3000', token: '' });
  });

  it('takes the first of API_TOKENS when PROVISION_API_TOKEN is not set', () => {
    expect(resolveApiTarget({ API_TOKENS: ' , first,second' }, {}).token).toBe('first');
  });

  it('lets flags win over the environment and drops a trailing slash', () => {
    const env = { PROVISION_API_URL: 'http://api:3000', PROVISION_API_TOKEN: 'env-token' };
    expect(resolveApiTarget(env, { apiUrl: 'http://other:8080/', token: 'flag-token' })).toEqual({ baseUrl: 'http://other:8080', token: 'flag-token' });
  });
});
