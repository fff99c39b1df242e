import { describe, expect, it } from 'vitest';
import { headersFrom } from '../../src/core/email/headers.js';
import { checkSender } from '../../src/core/email/sender-auth.js';

const trusted = ['mx.bot.example.org'];
const mail = (from: string, results: string) =>
  headersFrom({ From: from, 'Authentication-Results': `mx.bot.example.org; ${results}` });

describe('sender alignment follows the Public Suffix List', () => {
  it('does not let a signature of a public suffix vouch for a domain under it', () => {
    // "example" is no registrable domain: whoever can sign for it is not wsis.example.
    expect(checkSender(mail('chair@wsis.example', 'dkim=pass header.d=example'), trusted).authenticated).toBe(
      false,
    );
    expect(checkSender(mail('chair@wsis.co.uk', 'dkim=pass header.d=co.uk'), trusted).authenticated).toBe(
      false,
    );
    expect(
      checkSender(mail('me@site.github.io', 'dkim=pass header.d=github.io'), trusted).authenticated,
    ).toBe(false);
    expect(
      checkSender(mail('chair@wsis.example', 'spf=pass smtp.mailfrom=bounce@example'), trusted).authenticated,
    ).toBe(false);
  });

  it('still aligns a registrable parent with its subdomain', () => {
    expect(
      checkSender(mail('chair@wsis.example.org', 'dkim=pass header.d=example.org'), trusted),
    ).toMatchObject({ authenticated: true, method: 'dkim' });
    expect(
      checkSender(mail('chair@wsis.co.uk', 'dkim=pass header.d=wsis.co.uk'), trusted).authenticated,
    ).toBe(true);
  });

  it('does not read From itself when a DMARC pass does not say which domain it judged', () => {
    const check = checkSender(mail('chair@wsis.example.org', 'dmarc=pass'), trusted);
    expect(check.authenticated).toBe(false);
  });
});
