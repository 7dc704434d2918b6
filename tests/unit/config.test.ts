import { ConfigError, loadConfig } from '../../backend/src/config';

describe('loadConfig', () => {
  it('sends HSTS only when BEHIND_TLS is true; off by default', () => {
    expect(loadConfig({}).behindTls).toBe(false);
    expect(loadConfig({ BEHIND_TLS: 'true' }).behindTls).toBe(true);
    expect(loadConfig({ BEHIND_TLS: 'false' }).behindTls).toBe(false);
  });

  it.each(['yes', '1', 'TRUE'])('refuses BEHIND_TLS=%s, naming the variable', (value) => {
    expect(() => loadConfig({ BEHIND_TLS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ BEHIND_TLS: value })).toThrow(/BEHIND_TLS: must be true or false/);
  });
});
