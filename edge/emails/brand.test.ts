import { describe, expect, it } from 'vitest';
import { brandColor, contrast, DEFAULT_EMAIL_COLOR, emailFirm, emailLogoUrl, hexColor, inkOf, portalPageWith, senderName, textOn } from './brand.ts';

describe('the firm colour in an email', () => {
  it.each([
    ['#1F4D7A', '#1f4d7a'],
    ['#abc', '#aabbcc'],
    [' #123456 ', '#123456'],
    ['red', null],
    ['#12345', null],
    ['#1f4d7a;background:url(https://evil.example/x)', null],
    ['#1f4d7a" onload="alert(1)', null],
    ['rgb(0,0,0)', null],
    ['expression(alert(1))', null],
    [42, null],
    [undefined, null],
  ])('%j reads as %j', (value, expected) => {
    expect(hexColor(value)).toBe(expected);
  });

  it('is the primary colour, else the accent colour, else Portico’s', () => {
    expect(brandColor({ primaryColor: '#112233', accentColor: '#445566' })).toBe('#112233');
    expect(brandColor({ primaryColor: 'javascript:alert(1)', accentColor: '#445566' })).toBe('#445566');
    expect(brandColor({ primaryColor: '</style><script>' })).toBe(DEFAULT_EMAIL_COLOR);
    expect(brandColor(null)).toBe(DEFAULT_EMAIL_COLOR);
  });

  it('keeps text readable: white on a dark colour, dark on a light one; a light colour is not used for text on white', () => {
    expect(textOn('#1f4d7a')).toBe('#ffffff');
    expect(textOn('#ffd500')).toBe('#1b1f24');
    expect(contrast(textOn('#ffd500'), '#ffd500')).toBeGreaterThan(4.5);
    expect(inkOf('#ffd500')).toBe(DEFAULT_EMAIL_COLOR);
    expect(inkOf('#7a1f1f')).toBe('#7a1f1f');
  });
});

describe('the firm logo in an email', () => {
  const PUBLIC = 'http://localhost:8787';
  it.each([
    ['https://cdn.firm.example/logo.png', 'https://cdn.firm.example/logo.png'],
    ['/assets/logo.png', 'http://localhost:8787/assets/logo.png'],
    ['http://localhost:8787/assets/logo.png', 'http://localhost:8787/assets/logo.png'],
    ['http://cdn.firm.example/logo.png', null],
    ['//evil.example/logo.png', null],
    ['javascript:alert(1)', null],
    ['data:image/svg+xml,<svg onload=alert(1)>', null],
    ['https://user:pw@cdn.firm.example/logo.png', null],
    ['http://localhost:8787@evil.example/logo.png', null],
    ['', null],
    [undefined, null],
  ])('%j is loaded from %j', (value, expected) => {
    expect(emailLogoUrl(value, PUBLIC)).toBe(expected);
  });

  it('percent-encodes what would break out of an attribute', () => {
    expect(emailLogoUrl('https://cdn.firm.example/logo.png?"><script>', PUBLIC)).toBe('https://cdn.firm.example/logo.png?%22%3E%3Cscript%3E');
  });

  it('under a PUBLIC_URL with a path, only below that path is "this server"', () => {
    expect(emailLogoUrl('http://host.test/portico/logo.png', 'http://host.test/portico')).toBe('http://host.test/portico/logo.png');
    expect(emailLogoUrl('http://host.test/other/logo.png', 'http://host.test/portico')).toBeNull();
  });
});

describe('the sender name', () => {
  it('is the responsible member, then the firm, or the firm alone, on one line', () => {
    expect(senderName('Demo & Partners', 'Kadri Tamm')).toBe('Kadri Tamm, Demo & Partners');
    expect(senderName('Demo & Partners', null)).toBe('Demo & Partners');
    expect(senderName('Demo & Partners', '  ')).toBe('Demo & Partners');
    expect(senderName('Demo\r\nBcc: x@evil.test', 'Kadri\nTamm')).toBe('Kadri Tamm, Demo Bcc: x@evil.test');
  });
});

describe('the links to email settings', () => {
  it('open the portal profile (#profile after any fragment of the page) and the console', () => {
    const firm = (portalUrl: string | null) => emailFirm({ name: 'Demo', slug: 'demo', branding: {}, portalUrl }, { publicUrl: 'http://portico.test' });
    expect(firm(null).contactSettingsUrl).toBe('http://portico.test/p/demo#profile');
    expect(firm('https://firm.example/clients#top').contactSettingsUrl).toBe('https://firm.example/clients#top&profile');
    expect(firm('https://firm.example/#/portal').contactSettingsUrl).toBe('https://firm.example/#/portal?profile');
    expect(firm(null).staffSettingsUrl).toBe('http://portico.test/console#notifications');
    expect(portalPageWith('https://firm.example/#/portal?tab=x', 'task=tsk_1')).toBe('https://firm.example/#/portal?tab=x&task=tsk_1');
  });
});
