import { ArgumentError } from '../../src/errors/classes';
import {
  formatConnectionString,
  parseConnectionString,
  type ConnectionSpec,
} from '../../src/routing/connection-string';

function parseError(connstr: unknown): ArgumentError {
  try {
    parseConnectionString(connstr as string);
  } catch (err) {
    expect(err).toBeInstanceOf(ArgumentError);
    return err as ArgumentError;
  }
  throw new Error(`expected ${JSON.stringify(connstr)} to be rejected`);
}

describe('parseConnectionString: examples of sdk-rfcs 0011 (protocol.md §3.1)', () => {
  test('couchbase://10.0.0.1', () => {
    expect(parseConnectionString('couchbase://10.0.0.1')).toEqual({
      scheme: 'couchbase',
      tls: false,
      hosts: [{ host: '10.0.0.1', port: 11210 }],
      bucket: 'default',
      options: {},
    });
  });

  test('couchbases://10.0.0.1:11222,10.0.0.2,10.0.0.3:11207', () => {
    const spec = parseConnectionString('couchbases://10.0.0.1:11222,10.0.0.2,10.0.0.3:11207');
    expect(spec.scheme).toBe('couchbases');
    expect(spec.tls).toBe(true);
    expect(spec.hosts).toEqual([
      { host: '10.0.0.1', port: 11222 },
      { host: '10.0.0.2', port: 11207 },
      { host: '10.0.0.3', port: 11207 },
    ]);
  });

  test('couchbase://10.0.0.1;10.0.0.2:11210;10.0.0.3 (";" separator)', () => {
    expect(parseConnectionString('couchbase://10.0.0.1;10.0.0.2:11210;10.0.0.3').hosts).toEqual([
      { host: '10.0.0.1', port: 11210 },
      { host: '10.0.0.2', port: 11210 },
      { host: '10.0.0.3', port: 11210 },
    ]);
  });

  test('couchbase://[3ffe:2a00:100:7031::1] (IPv6 kept without brackets)', () => {
    expect(parseConnectionString('couchbase://[3ffe:2a00:100:7031::1]').hosts).toEqual([
      { host: '3ffe:2a00:100:7031::1', port: 11210 },
    ]);
  });

  test('couchbase://test.local:11210?key=value', () => {
    const spec = parseConnectionString('couchbase://test.local:11210?key=value');
    expect(spec.hosts).toEqual([{ host: 'test.local', port: 11210 }]);
    expect(spec.options).toEqual({ key: 'value' });
  });

  test.each(['http://host1,http://host2', 'https://host2:8091,host3:8091'])('invalid per the RFC: %s', (s) => {
    expect(parseError(s).message).toMatch(/only couchbase:\/\/ and couchbases:\/\/ are supported/);
  });
});

describe('parseConnectionString: other valid forms', () => {
  test('no scheme means couchbase://', () => {
    expect(parseConnectionString('10.0.0.1')).toEqual(parseConnectionString('couchbase://10.0.0.1'));
    expect(parseConnectionString('localhost:12000/travel-sample')).toEqual({
      scheme: 'couchbase',
      tls: false,
      hosts: [{ host: 'localhost', port: 12000 }],
      bucket: 'travel-sample',
      options: {},
    });
  });

  test('scheme is case-insensitive; surrounding whitespace is ignored', () => {
    expect(parseConnectionString('  COUCHBASES://Node1.example.com  ').hosts).toEqual([
      { host: 'Node1.example.com', port: 11207 },
    ]);
  });

  test('IPv6 with a port, mixed with names', () => {
    expect(parseConnectionString('couchbase://[::1]:12000,[fe80::1%25eth0],h2:11999').hosts).toEqual([
      { host: '::1', port: 12000 },
      { host: 'fe80::1%eth0', port: 11210 },
      { host: 'h2', port: 11999 },
    ]);
  });

  test('spaces around separators are tolerated', () => {
    expect(parseConnectionString('couchbase://h1, h2 ;h3').hosts.map((h) => h.host)).toEqual(['h1', 'h2', 'h3']);
  });

  test('bucket path: URL-decoded; a bare "/" keeps the default', () => {
    expect(parseConnectionString('couchbase://h/my%2Dbucket').bucket).toBe('my-bucket');
    expect(parseConnectionString('couchbase://h/travel-sample?x=1').bucket).toBe('travel-sample');
    expect(parseConnectionString('couchbase://h/').bucket).toBe('default');
    expect(parseConnectionString('couchbase://h/a.b_c%25-9').bucket).toBe('a.b_c%-9');
    expect(parseConnectionString(`couchbase://h/${'b'.repeat(100)}`).bucket).toHaveLength(100);
  });

  test('per-host mode suffixes are parsed and kept', () => {
    expect(parseConnectionString('couchbase://h1:11210=mcd,h2=cccp,[::1]:11210=gcccp,h3=HTTP').hosts).toEqual([
      { host: 'h1', port: 11210, mode: 'mcd' },
      { host: 'h2', port: 11210, mode: 'cccp' },
      { host: '::1', port: 11210, mode: 'gcccp' },
      { host: 'h3', port: 11210, mode: 'http' },
    ]);
  });

  test('options: decoded, last occurrence wins, empty segments and valueless keys', () => {
    const spec = parseConnectionString(
      'couchbase://h?kv_timeout=2500ms&network=external&kv_timeout=10s&user_agent_extra=my%20app%2Fv1&&enable_tracing&a=b%3Dc',
    );
    expect(spec.options).toEqual({
      kv_timeout: '10s',
      network: 'external',
      user_agent_extra: 'my app/v1',
      enable_tracing: '',
      a: 'b=c',
    });
  });

  test('options named like Object.prototype members stay plain keys', () => {
    const spec = parseConnectionString('couchbase://h?__proto__=x&constructor=y');
    expect(spec.options['__proto__']).toBe('x');
    expect(spec.options['constructor']).toBe('y');
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  test('an "@" inside an option value is not mistaken for credentials', () => {
    expect(parseConnectionString('couchbase://h?user_agent_extra=me@example.com').options['user_agent_extra']).toBe(
      'me@example.com',
    );
  });
});

describe('parseConnectionString: invalid input', () => {
  test.each([
    ['empty', ''],
    ['blank', '   '],
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['an object', { host: 'h' }],
  ])('%s', (_name, input) => {
    const err = parseError(input);
    expect(err.context['connstr']).toBeDefined();
  });

  test.each(['http://h', 'https://h', 'couchbase2://h', 'memcached://h', 'HTTP://h:11210'])(
    'other scheme: %s',
    (s) => {
      expect(parseError(s).message).toMatch(/only couchbase:\/\/ and couchbases:\/\/ are supported/);
    },
  );

  test.each(['couchbase://', 'couchbase:///bucket', 'couchbase://?a=b', '/bucket', 'couchbases:// /b'])(
    'no host: %j',
    (s) => {
      expect(parseError(s).message).toMatch(/no host/);
    },
  );

  test.each(['couchbase://h1,,h2', 'couchbase://h1,', 'couchbase://,h1', 'couchbase://h1;;h2', 'couchbase://h1, ,h2'])(
    'empty host between separators: %s',
    (s) => {
      expect(parseError(s).message).toMatch(/empty/);
    },
  );

  test.each([
    'couchbase://h:abc',
    'couchbase://h:',
    'couchbase://h:0',
    'couchbase://h:65536',
    'couchbase://h:99999999',
    'couchbase://h:-1',
    'couchbase://h:1.5',
    'couchbase://h: 11210',
    'couchbase://[::1]:x',
  ])('bad port: %s', (s) => {
    expect(parseError(s).message).toMatch(/port/);
  });

  test.each(['couchbase://h:8091', 'couchbases://h:18091', 'h:8091', 'couchbase://a,b:8091=http'])(
    'management port: %s',
    (s) => {
      const msg = parseError(s).message;
      expect(msg).toMatch(/management/);
      expect(msg).toMatch(/11210/);
      expect(msg).toMatch(/11207/);
    },
  );

  test.each([
    'couchbase://[::1',
    'couchbase://::1]',
    'couchbase://[::1]x',
    'couchbase://[::1]11210',
    'couchbase://[]',
    'couchbase://[not-an-ip]',
    'couchbase://h]',
  ])('malformed brackets: %s', (s) => {
    expect(parseError(s).message).toMatch(/malformed|IPv6/);
  });

  test.each(['couchbase://::1', 'couchbase://fe80::1:11210'])('unbracketed IPv6: %s', (s) => {
    expect(parseError(s).message).toMatch(/brackets/);
  });

  test.each(['couchbase://ho st', 'couchbase://h#x', 'couchbase://h%20'])('invalid host name: %j', (s) => {
    expect(parseError(s).message).toMatch(/invalid host/);
  });

  test('unknown host mode', () => {
    expect(parseError('couchbase://h=foo').message).toMatch(/unknown mode/);
  });

  test.each([
    'couchbase://h/a/b',
    `couchbase://h/${'x'.repeat(101)}`,
    'couchbase://h/bad%20name',
    'couchbase://h/caf%C3%A9',
    'couchbase://h/a%2Fb',
  ])('invalid bucket name: %s', (s) => {
    expect(parseError(s).message).toMatch(/bucket name/);
  });

  test.each(['couchbase://h/%E0%A4%A', 'couchbase://h/%', 'couchbase://h?a=%zz', 'couchbase://h?%=1'])(
    'malformed percent-escape: %s',
    (s) => {
      expect(parseError(s).message).toMatch(/percent-escape/);
    },
  );

  test('an option without a name', () => {
    expect(parseError('couchbase://h?=1').message).toMatch(/no name/);
  });

  test.each([
    'couchbase://Administrator:hunter2@10.0.0.1',
    'couchbases://admin:p%40ss-hunter2@h:11207/bucket?x=1',
    'admin:hunter2@localhost',
    'couchbase://admin:hun/ter2@h',
    'couchbase://h1,admin:hunter2@h2',
  ])('credentials in the string: %s', (s) => {
    const err = parseError(s);
    expect(err.message).toMatch(/credentials/);
    expect(err.message).toMatch(/options/);
    expect(err.message).not.toMatch(/hunter2|hun|Administrator|admin/);
    expect(String(err.context['connstr'])).not.toMatch(/hunter2|hun\b/);
    expect(JSON.stringify(err.context)).not.toMatch(/hunter2/);
  });

  test('every error carries the connection string in its context', () => {
    expect(parseError('couchbase://h:abc').context['connstr']).toBe('couchbase://h:abc');
  });
});

describe('formatConnectionString', () => {
  test.each([
    ['couchbase://10.0.0.1', 'couchbase://10.0.0.1'],
    ['10.0.0.1:11210', 'couchbase://10.0.0.1'],
    ['couchbases://h1:11207;h2:11222', 'couchbases://h1,h2:11222'],
    ['couchbase://[::1]:12000=cccp/my%2Dbucket', 'couchbase://[::1]:12000=cccp/my-bucket'],
    ['couchbase://h/default?a=1&b=x%20y', 'couchbase://h?a=1&b=x%20y'],
  ])('%s → %s', (input, canonical) => {
    expect(formatConnectionString(parseConnectionString(input))).toBe(canonical);
  });

  test('round-trips through the parser', () => {
    const inputs = [
      'couchbases://10.0.0.1:11222,10.0.0.2,[3ffe:2a00:100:7031::1]:11999=mcd/travel-sample?network=external&kv_timeout=2s',
      'couchbase://h/b%25c?x=a%26b%3Dc',
      'couchbase://[fe80::1%25eth0]:12000',
    ];
    for (const input of inputs) {
      const spec = parseConnectionString(input);
      expect(parseConnectionString(formatConnectionString(spec))).toEqual(spec);
    }
  });

  test('never prints secrets', () => {
    const spec: ConnectionSpec = {
      scheme: 'couchbase',
      tls: false,
      hosts: [{ host: 'h', port: 11210 }],
      bucket: 'default',
      options: { password: 'hunter2', sasl_token: 'abc', kv_timeout: '1s' },
    };
    const text = formatConnectionString(spec);
    expect(text).not.toMatch(/hunter2|abc/);
    expect(text).toBe('couchbase://h?password=***&sasl_token=***&kv_timeout=1s');
  });
});
