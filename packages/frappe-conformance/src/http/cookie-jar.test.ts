import { CookieJar } from './cookie-jar';

describe('CookieJar', () => {
  it('keeps the cookies a login sets and drops the ones a logout expires', () => {
    const jar = new CookieJar();
    jar.store(['sid=abc123; Expires=Wed, 01 Jan 2100 00:00:00 GMT; HttpOnly; Path=/', 'user_id=a%40b.com; Path=/']);
    expect(jar.header()).toBe('sid=abc123; user_id=a%40b.com');
    jar.store(['sid=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/', 'user_id=; Max-Age=0']);
    expect(jar.header()).toBeUndefined();
  });
});
