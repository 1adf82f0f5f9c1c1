import { parseQueueUrl, scrubSecrets } from '../../src/queue/url.js';
import { checkQueueReachable } from '../../src/queue/connection.js';
import { UserError } from '../../src/model/errors.js';
import { freePort } from './redis-server.js';

describe('queue URL', () => {
  test('redis:// with credentials and db: parsed, printed without them', () => {
    const a = parseQueueUrl('redis://numresp:s3cr%40t@redis.example.org:6380/3');
    expect(a).toMatchObject({ tls: false, host: 'redis.example.org', port: 6380, db: 3, username: 'numresp', password: 's3cr@t' });
    expect(a.redactedUrl).toBe('redis://***@redis.example.org:6380/3');
    expect(a.redactedUrl).not.toMatch(/s3cr/);
  });

  test('rediss:// is TLS; the default port is 6379', () => {
    expect(parseQueueUrl('rediss://:pw@10.0.0.5')).toMatchObject({ tls: true, host: '10.0.0.5', port: 6379, db: 0, password: 'pw' });
    expect(parseQueueUrl('redis://[::1]:7000')).toMatchObject({ host: '::1', port: 7000 });
  });

  test.each([
    ['http://127.0.0.1:6379', /must start with redis:\/\/ or rediss:\/\//],
    ['127.0.0.1:6379', /not a URL; give redis:\/\/HOST:PORT/],
    ['redis//host', /not a URL/],
    ['redis://host:6379/abc', /database "abc" must be a number 0…15/],
    ['redis://host:6379/16', /database must be 0…15/],
    ['redis://host:6379/?x=1', /query and fragment/],
  ])('%s is refused in one line', (text, message) => {
    let err: unknown;
    try {
      parseQueueUrl(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  });

  test('a malformed URL never repeats its password', () => {
    expect(() => parseQueueUrl('http://u:hunter2@host')).toThrow(/\*\*\*@host/);
    expect(() => parseQueueUrl('http://u:hunter2@host')).not.toThrow(/hunter2/);
    expect(() => parseQueueUrl('redis://u:hunter2@host:6379/x')).not.toThrow(/hunter2/);
  });

  test('scrubSecrets removes the password, also URL-encoded', () => {
    const a = parseQueueUrl('redis://u:p%2Fw@h:1');
    expect(scrubSecrets('auth p/w failed; p%2Fw', a)).toBe('auth *** failed; ***');
  });

  test('nothing listening: one-line error well within 10 s', async () => {
    const port = await freePort();
    const started = Date.now();
    await expect(checkQueueReachable(parseQueueUrl(`redis://u:pw9@127.0.0.1:${port}`))).rejects.toThrow(
      new RegExp(`^--queue redis://\\*\\*\\*@127.0.0.1:${port}: connection refused`),
    );
    expect(Date.now() - started).toBeLessThan(10000);
  });
});
