import { deployWebApp } from '../../emulator/runtime/webapp';
import { createWorld } from '../../emulator/runtime/world';
import { createContentService, textPageOf } from '../../emulator/services/content';
import { contextAtEnd, createHtmlService, htmlPageOf } from '../../emulator/services/html';
import { createScriptApp } from '../../emulator/services/script-app';
import { createUtilities } from '../../emulator/services/utilities';
import { testEnv } from '../helpers/env';
import { thrown } from '../helpers/thrown';

const H = () => createHtmlService(testEnv({ kind: 'webapp' }));
const C = () => createContentService(testEnv({ kind: 'webapp' }));

describe('HtmlService and HtmlOutput', () => {
  it('builds a page as the reference examples show', () => {
    const out = H().createHtmlOutput('<b>Hello, world!</b>');
    expect(out.getContent()).toBe('<b>Hello, world!</b>');
    expect(out.append('<p>Hello again, world.</p>').getContent()).toBe(
      '<b>Hello, world!</b><p>Hello again, world.</p>',
    );
    expect(
      H().createHtmlOutput('<b>Hello, world!</b>').appendUntrusted('<p>Hello again, world.</p>').getContent(),
    ).toBe('<b>Hello, world!</b>&lt;p&gt;Hello again, world.&lt;/p&gt;');
    expect(out.clear().getContent()).toBe('');
    expect(H().createHtmlOutput().setContent('<i>x</i>').getContent()).toBe('<i>x</i>');
    expect(String(out)).toBe('HtmlOutput');
  });

  it('keeps the title, meta tags, favicon and X-Frame-Options mode for the page around it', () => {
    const html = H();
    const out = html
      .createHtmlOutput('<p>Unsubscribe</p>')
      .setTitle('Preferences')
      .addMetaTag('viewport', 'width=device-width, initial-scale=1')
      .setFaviconUrl('https://www.example.com/image.png')
      .setXFrameOptionsMode(html.XFrameOptionsMode.ALLOWALL)
      .setSandboxMode(html.SandboxMode.NATIVE);
    expect(out.getTitle()).toBe('Preferences');
    expect(out.getFaviconUrl()).toBe('https://www.example.com/image.png');
    const tags = out.getMetaTags();
    expect(tags.map((t) => [t.getName(), t.getContent()])).toEqual([
      ['viewport', 'width=device-width, initial-scale=1'],
    ]);
    expect(htmlPageOf(out)).toEqual({
      kind: 'html',
      content: '<p>Unsubscribe</p>',
      title: 'Preferences',
      faviconUrl: 'https://www.example.com/image.png',
      metaTags: [{ name: 'viewport', content: 'width=device-width, initial-scale=1' }],
      xFrameOptionsMode: 'ALLOWALL',
    });
    expect(htmlPageOf(H().createHtmlOutput())).toMatchObject({
      title: '',
      faviconUrl: null,
      xFrameOptionsMode: 'DEFAULT',
    });
    expect(htmlPageOf('<p>x</p>')).toBeNull();
    expect(htmlPageOf({ getContent: () => 'x' })).toBeNull();
  });

  it('has the documented enums, as objects', () => {
    const html = H();
    expect(Object.keys(html.XFrameOptionsMode)).toEqual(['ALLOWALL', 'DEFAULT']);
    expect(Object.keys(html.SandboxMode)).toEqual(['EMULATED', 'IFRAME', 'NATIVE']);
    expect((html.XFrameOptionsMode.ALLOWALL as unknown) === 'ALLOWALL').toBe(false);
  });

  it('refuses arguments of the wrong type with Apps Script’s message', () => {
    const html = H();
    const out = html.createHtmlOutput('x');
    const e = thrown(() => out.setTitle(5));
    expect(e.name).toBe('Exception');
    expect(e.message).toBe(
      "The parameters (number) don't match the method signature for HtmlService.HtmlOutput.setTitle.",
    );
    expect(thrown(() => (out.append as () => unknown)()).message).toBe(
      "The parameters () don't match the method signature for HtmlService.HtmlOutput.append.",
    );
    expect(thrown(() => html.createHtmlOutput(42)).message).toBe(
      "The parameters (number) don't match the method signature for HtmlService.createHtmlOutput.",
    );
    expect(thrown(() => out.setXFrameOptionsMode('ALLOWALL')).message).toBe(
      "The parameters (String) don't match the method signature for HtmlService.HtmlOutput.setXFrameOptionsMode.",
    );
    expect(thrown(() => out.setXFrameOptionsMode(html.SandboxMode.IFRAME)).message).toBe(
      "The parameters (HtmlService.SandboxMode) don't match the method signature for HtmlService.HtmlOutput.setXFrameOptionsMode.",
    );
    expect(thrown(() => out.addMetaTag('viewport', null)).message).toBe(
      "The parameters (String,null) don't match the method signature for HtmlService.HtmlOutput.addMetaTag.",
    );
  });

  it('allows only the four meta tags, and a favicon URL with an image extension', () => {
    const out = H().createHtmlOutput('');
    expect(thrown(() => out.addMetaTag('description', 'x')).message).toMatch(/"description" is not allowed/);
    expect(thrown(() => out.setFaviconUrl('https://www.example.com/icon')).message).toMatch(/image extension/);
    expect(thrown(() => out.setFaviconUrl('javascript:alert(1).png')).message).toMatch(/image extension/);
    expect(out.setFaviconUrl('https://www.example.com/favicon.ico?v=2').getFaviconUrl()).toBe(
      'https://www.example.com/favicon.ico?v=2',
    );
  });

  it('makes an HtmlOutput from a Blob that holds HTML, and refuses one that does not', () => {
    const env = testEnv({ kind: 'webapp' });
    const u = createUtilities(env);
    const html = createHtmlService(env);
    expect(html.createHtmlOutput(u.newBlob('<b>hi</b>', 'text/html')).getContent()).toBe('<b>hi</b>');
    expect(thrown(() => html.createHtmlOutput(u.newBlob('hi', 'text/plain'))).message).toMatch(/does not contain HTML/);
  });

  it('getUserAgent is null outside a web request', () => {
    expect(H().getUserAgent()).toBeNull();
  });
});

describe('appendUntrusted escapes for where the content stands', () => {
  const untrusted = (before: string, text: string) => H().createHtmlOutput(before).appendUntrusted(text).getContent();

  it('reads the context at the end of the content', () => {
    expect(contextAtEnd('<p>Hi ')).toBe('text');
    expect(contextAtEnd('<a href="')).toBe('attr-dq');
    expect(contextAtEnd("<a title='x ")).toBe('attr-sq');
    expect(contextAtEnd('<input value=')).toBe('attr-unquoted');
    expect(contextAtEnd('<input value="a" ')).toBe('tag');
    expect(contextAtEnd('<script>var x = "')).toBe('script');
    expect(contextAtEnd('<style>p { color: ')).toBe('style');
    expect(contextAtEnd('<!-- ')).toBe('comment');
    expect(contextAtEnd('<script>1</script><p title="a>b">')).toBe('text');
    expect(contextAtEnd('<textarea>')).toBe('rcdata');
    expect(contextAtEnd('a < b')).toBe('text');
  });

  it('keeps the text text in each context', () => {
    expect(untrusted('<p>', '<b>"a" & \'b\'</b>')).toBe('<p>&lt;b&gt;&#34;a&#34; &amp; &#39;b&#39;&lt;/b&gt;');
    expect(untrusted('<a title="', '" onclick="x')).toBe('<a title="&#34; onclick=&#34;x');
    expect(untrusted('<input value=', 'a b>c')).toBe('<input value=a&#32;b&#62;c');
    expect(untrusted('<script>var s = "', '";alert(1)//</script>')).toBe(
      '<script>var s = "\\x22\\x3balert\\x281\\x29\\x2f\\x2f\\x3c\\x2fscript\\x3e',
    );
    expect(untrusted('<script>var s = ', 'x</script>')).toBe("<script>var s = 'x\\x3c\\x2fscript\\x3e'");
    expect(untrusted('<style>p { color: ', 'red}body{x')).toBe('<style>p { color: red\\00007d body\\00007b x');
  });
});

describe('ContentService and TextOutput', () => {
  it('builds text with the documented methods and the plain-text default', () => {
    const content = C();
    const out = content.createTextOutput();
    out.append('Hello world!');
    expect(out.getContent()).toBe('Hello world!');
    expect(out.getMimeType()).toBe(content.MimeType.TEXT);
    expect(out.getFileName()).toBeNull();
    out.setContent('{"ok":true}').setMimeType(content.MimeType.JSON).downloadAsFile('result.json');
    expect(textPageOf(out)).toEqual({
      kind: 'text',
      content: '{"ok":true}',
      mimeType: 'JSON',
      fileName: 'result.json',
    });
    expect(out.downloadAsFile(null).getFileName()).toBeNull();
    expect(out.clear().getContent()).toBe('');
    expect(String(out)).toBe('TextOutput');
    expect(textPageOf(H().createHtmlOutput('x'))).toBeNull();
    expect(htmlPageOf(out)).toBeNull();
  });

  it('has the six MimeTypes the reference lists now', () => {
    expect(Object.keys(C().MimeType)).toEqual(['CSV', 'ICAL', 'JAVASCRIPT', 'JSON', 'TEXT', 'VCARD']);
    expect((C().MimeType as Record<string, unknown>).XML).toBeUndefined();
  });

  it('refuses arguments of the wrong type, and a file name with illegal characters', () => {
    const content = C();
    const out = content.createTextOutput('x');
    expect(thrown(() => content.createTextOutput(1)).message).toBe(
      "The parameters (number) don't match the method signature for ContentService.createTextOutput.",
    );
    expect(thrown(() => out.setMimeType('application/json')).message).toBe(
      "The parameters (String) don't match the method signature for ContentService.TextOutput.setMimeType.",
    );
    expect(thrown(() => out.append({})).message).toBe(
      "The parameters (Object) don't match the method signature for ContentService.TextOutput.append.",
    );
    expect(thrown(() => out.downloadAsFile('a/b.txt')).message).toMatch(/illegal characters/);
    expect(thrown(() => out.downloadAsFile(3)).message).toMatch(/don't match the method signature/);
  });
});

describe('ScriptApp.getService', () => {
  it('is null and disabled until the project is deployed as a web app, then its /exec URL', () => {
    const world = createWorld();
    const before = createScriptApp(testEnv({ world })).getService();
    expect(before.getUrl()).toBeNull();
    expect(before.isEnabled()).toBe(false);
    const d = deployWebApp(world, {
      deployer: 'am@holdfast.example',
      access: 'ANYONE_ANONYMOUS',
      executeAs: 'USER_DEPLOYING',
    });
    expect(d.url).toMatch(/^https:\/\/script\.google\.com\/macros\/s\/AKfycb[\w-]+\/exec$/);
    const after = createScriptApp(testEnv({ world })).getService();
    expect(after.getUrl()).toBe(d.url);
    expect(after.isEnabled()).toBe(true);
    // The same project keeps its URL when deployed again.
    expect(
      deployWebApp(world, { deployer: 'am@holdfast.example', access: 'MYSELF', executeAs: 'USER_DEPLOYING' }).url,
    ).toBe(d.url);
  });
});
