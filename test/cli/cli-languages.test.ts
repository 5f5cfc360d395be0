/**
 * The command line in the person's language: the built CLI against the demo provider, the page
 * and code it prints typed into the provider's forms (form-phone.ts: the subject is the words, not
 * the phone), the language chosen by LANG (or LC_ALL, or --lang) as a terminal sets it. What
 * scripts read (--json) stays English and the same to the byte.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyCli, runCli, startCli } from '../support/built-cli.ts';
import { environment, target, useCliFixture } from '../support/cli-fixture.ts';
import { enterCodeByForms } from '../support/form-phone.ts';

const fixture = useCliFixture('cli-languages-test');
const { phone, dataFolder } = fixture;

/** What a German and an Arabic speaker read, line by line, from sign-in to sign-out. */
const languages = [
  {
    lang: 'de_DE.UTF-8',
    openPage: 'Öffnen Sie zum Anmelden diese Seite auf einem beliebigen Gerät:',
    enterCode: 'und geben Sie diesen Code ein:',
    waiting: 'Warte auf die Bestätigung',
    expiry: /^Der Code läuft um \d\d:\d\d ab \(in \d+ Minuten\)\.$/m,
    signedIn: 'Angemeldet als Bob <bob@example.test> (bob). Die Sitzung liegt in der Datei',
    status: (issuer: string) => `Bei ${issuer} angemeldet als Bob <bob@example.test> (bob).`,
    unencrypted: 'Warnung: Diese Datei ist nicht verschlüsselt.',
    signedOut: (issuer: string) => `Von ${issuer} abgemeldet`,
    notSignedIn: (issuer: string) =>
      `Sie sind bei ${issuer} nicht angemeldet.\nFühren Sie \`device-signin login\` aus, um sich anzumelden.\n`,
  },
  {
    lang: 'ar_EG.UTF-8',
    openPage: 'لتسجيل الدخول، افتح هذه الصفحة على أي جهاز:',
    enterCode: 'وأدخل الرمز:',
    waiting: 'بانتظار الموافقة',
    expiry: /^تنتهي صلاحية الرمز الساعة .+ \((?:بعد|خلال) .+\)\.$/m,
    signedIn: 'سُجّل الدخول باسم Bob <bob@example.test> (bob). تُحفظ الجلسة في الملف',
    status: (issuer: string) => `مسجّل الدخول إلى ${issuer} باسم Bob <bob@example.test> (bob).`,
    unencrypted: 'تحذير: هذا الملف غير مشفّر.',
    signedOut: (issuer: string) => `سُجّل الخروج من ${issuer}`,
    notSignedIn: (issuer: string) => `لم تسجّل الدخول إلى ${issuer}.\nشغّل \`device-signin login\` لتسجيل الدخول.\n`,
  },
] as const;

/** The line after `heading`, then a blank: the page and the code stand on lines of their own. */
function valueAfter(stdout: string, heading: string): string {
  const lines = stdout.split('\n');
  return lines[lines.indexOf(heading) + 2]?.trim() ?? '';
}

describe('device-signin in the language of the terminal', () => {
  it.each(languages)('signs in, tells the status, signs out and explains a failure in $lang, given LANG', async (words) => {
    const op = await phone.provider({ interval: 1 });
    const home = await dataFolder();
    const env = environment(home, { LANG: words.lang });
    const login = startCli(fixture.cli(), ['login', '--no-open', '--insecure-storage', ...target(op)], env);
    await login.waitForLine((line) => (line.startsWith(words.waiting) ? true : undefined));
    const url = valueAfter(login.stdout(), words.openPage);
    const userCode = valueAfter(login.stdout(), words.enterCode);
    // The page and the code are printed as they are, whatever the language around them.
    expect(url).toBe(`${op.issuer}/device`);
    expect(userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(login.stdout()).toMatch(words.expiry);
    await enterCodeByForms(url, userCode, { login: 'bob' });
    const signedIn = await login.ended;
    expect(signedIn).toMatchObject({ status: 0, stderr: '' });
    expect(signedIn.stdout).toContain(words.signedIn);

    const status = await runCli(fixture.cli(), ['status', '--insecure-storage', ...target(op)], env);
    expect(status).toMatchObject({ status: 0, stderr: '' });
    expect(status.stdout).toContain(words.status(op.issuer));
    expect(status.stdout).toContain(words.unencrypted);
    expect(status.stdout).not.toContain('Signed in');

    const logout = await runCli(fixture.cli(), ['logout', '--insecure-storage', ...target(op)], env);
    expect(logout.status).toBe(0);
    expect(logout.stdout).toContain(words.signedOut(op.issuer));

    const token = await runCli(fixture.cli(), ['token', '--insecure-storage', ...target(op)], env);
    expect(token).toMatchObject({ status: 1, stdout: '', stderr: words.notSignedIn(op.issuer) });
  });

  it('takes --lang over LANG, LC_ALL over LANG, and speaks English for C and for a language it lacks', async () => {
    const op = await phone.provider();
    const home = await dataFolder();
    const failure = async (args: readonly string[], extra: Record<string, string>): Promise<string> =>
      (await runCli(fixture.cli(), ['status', '--insecure-storage', ...args, ...target(op)], environment(home, extra))).stderr.split(
        '\n',
      )[0] ?? '';
    const [german, arabic, english] = [
      `Sie sind bei ${op.issuer} nicht angemeldet.`,
      `لم تسجّل الدخول إلى ${op.issuer}.`,
      `You're not signed in to ${op.issuer}.`,
    ];
    expect(await failure(['--lang', 'de'], { LANG: 'ar_EG.UTF-8' })).toBe(german);
    expect(await failure(['--lang', 'ar'], { LC_ALL: 'de_DE.UTF-8' })).toBe(arabic);
    expect(await failure([], { LC_ALL: 'de_AT.UTF-8', LC_MESSAGES: 'ar_EG.UTF-8', LANG: 'ar_EG.UTF-8' })).toBe(german);
    expect(await failure([], { LC_MESSAGES: 'ar_SA.UTF-8', LANG: 'de_DE.UTF-8' })).toBe(arabic);
    expect(await failure([], { LC_ALL: 'C', LANG: 'de_DE.UTF-8' })).toBe(english);
    expect(await failure([], { LANG: 'ko_KR.UTF-8' })).toBe(english);
  });

  it('says what is wrong with the command line in the terminal’s language, and exits 2', async () => {
    const home = await dataFolder();
    const unknown = await runCli(fixture.cli(), ['frobnicate'], environment(home, { LANG: 'de_DE.UTF-8' }));
    expect(unknown).toMatchObject({
      status: 2,
      stderr: "device-signin: Unbekannter Befehl 'frobnicate'.\nMit 'device-signin --help' erfahren Sie, wie der Aufruf geht.\n",
    });
    const noIssuer = await runCli(fixture.cli(), ['status'], environment(home, { LANG: 'ar_EG.UTF-8' }));
    expect(noIssuer.status).toBe(2);
    expect(noIssuer.stderr).toBe(
      `device-signin: لم يُضبط أي مُصدِر: مرّر --issuer، أو اضبط DEVICE_SIGNIN_ISSUER، أو أضف "issuer" إلى ${home}/settings.json.\n`,
    );
  });

  it('words the problems of fetch’s and the other tools’ options in the terminal’s language too', async () => {
    const home = await dataFolder();
    const german = environment(home, { LANG: 'de_DE.UTF-8' });
    const method = await runCli(fixture.cli(), ['fetch', '-X', 'GE T', 'https://api.example.test/'], german);
    expect(method.status).toBe(2);
    expect(method.stderr).toContain("'GE T' ist keine HTTP-Methode.");
    const format = await runCli(fixture.cli(), ['token', '--format', 'yaml'], german);
    expect(format.status).toBe(2);
    expect(format.stderr).toContain("--format erwartet exec-credential, nicht 'yaml'.");
    const host = await runCli(fixture.cli(), ['git-credential', 'get'], environment(home, { LANG: 'ar_EG.UTF-8' }));
    expect(host.status).toBe(2);
    expect(host.stderr).toContain('يحتاج git-credential إلى ‎--host');
    const option = await runCli(fixture.cli(), ['status', '--frobnicate'], german);
    expect(option.status).toBe(2);
    expect(option.stderr).toContain("Unbekannte Option '--frobnicate'.");
    // --verbose adds the technical detail under its label, in the language; the detail itself stays as the core wrote it.
    const unreachable = await runCli(
      fixture.cli(),
      ['login', '--issuer', 'http://127.0.0.1:9', '--client-id', 'cli', '--verbose'],
      environment(home, { LANG: 'ja_JP.UTF-8' }),
    );
    expect(unreachable.status).toBe(1);
    expect(unreachable.stderr).toMatch(/\n詳細: .+/);
    const english = await runCli(fixture.cli(), ['fetch', '-X', 'GE T', 'https://api.example.test/'], environment(home, { LANG: 'C' }));
    expect(english.stderr).toContain("'GE T' is not an HTTP method.");
  });

  it('words the admin’s locks, a policy’s problems and an unsafe issuer in the terminal’s language, the values as they are', async () => {
    const managed = await copyCli(fixture.cli(), 'cli-languages-locked');
    phone.afterTest(() => rm(managed.root, { recursive: true, force: true }));
    const policyFile = join(managed.root, 'resources/policy.json');
    await writeFile(
      policyFile,
      JSON.stringify({
        issuer: 'https://login.example.com',
        clientId: 'managed',
        tokenStorage: 'protected',
        locked: ['issuer', 'tokenStorage'],
      }),
    );
    const home = await dataFolder();
    const german = environment(home, { LANG: 'de_DE.UTF-8' });

    const flag = await runCli(managed, ['status', '--issuer', 'https://elsewhere.example.com'], german);
    expect(flag).toMatchObject({
      status: 2,
      stderr:
        `Ihre Administration hat issuer gesperrt (Richtlinie ${policyFile}); die Option --issuer kann daran nichts ändern.\n` +
        'Entfernen Sie diese Angabe, um den von der Richtlinie vorgegebenen Wert zu verwenden.\n',
    });
    const insecure = await runCli(managed, ['status', '--insecure-storage'], german);
    expect(insecure.status).toBe(2);
    expect(insecure.stderr).toContain('Ihre Administration hat tokenStorage auf "protected" festgeschrieben');

    await writeFile(policyFile, JSON.stringify({ demoProvider: 'no' }));
    // A policy with a mistake, like an issuer that is not https, must change first: exit 2 (docs/cli.md, exit statuses).
    const arabic = await runCli(managed, ['status', '--verbose'], environment(home, { LANG: 'ar_EG.UTF-8' }));
    expect(arabic.status).toBe(2);
    const [what, next, detail] = arabic.stderr.split('\n');
    // The file, the key and the value found stand in the Arabic sentence as they are; --verbose adds the core's English.
    for (const value of [policyFile, '"demoProvider"', '"no"']) expect(what).toContain(value);
    expect(what).not.toMatch(/In the policy|must be|found/);
    expect(next).toBe('اطلب من المسؤول إصلاح السياسة؛ تسجيل الدخول متوقف حتى ذلك الحين.');
    expect(detail).toContain(`Policy ${policyFile}: "demoProvider" must be true or false; found string "no".`);

    const http = await runCli(fixture.cli(), ['status', '--issuer', 'http://login.example.com', '--client-id', 'app'], german);
    expect(http).toMatchObject({
      status: 2,
      stderr:
        'Der Aussteller http://login.example.com verwendet kein https.\n' +
        'Verwenden Sie einen https-Aussteller; einfaches http gilt nur für diesen Computer (localhost, 127.0.0.1, ::1).\n',
    });
    // What scripts read is the same in English whatever the terminal speaks.
    const json = await Promise.all(
      ['C', 'de_DE.UTF-8', 'ar_EG.UTF-8'].map(
        async (lang) => (await runCli(managed, ['status', '--json'], environment(home, { LANG: lang }))).stdout,
      ),
    );
    expect(new Set(json).size).toBe(1);
    expect(json[0]).toContain(
      `"message":"In the policy ${policyFile}, \\"demoProvider\\" must be true or false; found \\"no\\". ` +
        'Ask your administrator to fix the policy; sign-in is off until then."',
    );
  });

  it('prints --json output byte for byte the same in every language, its messages in English', async () => {
    const op = await phone.provider({ interval: 1 });
    const home = await dataFolder();
    await fixture.signIn(op, home, 'bob', ['--insecure-storage']);
    const settings = [{ LANG: 'C.UTF-8' }, { LANG: 'de_DE.UTF-8' }, { LANG: 'ar_EG.UTF-8' }, { LANG: 'ja_JP.UTF-8', lang: 'zh-Hans' }];
    const outputs = async (args: readonly string[]): Promise<string[]> =>
      Promise.all(
        settings.map(async ({ lang, ...extra }) => {
          const result = await runCli(
            fixture.cli(),
            [...args, '--json', '--insecure-storage', ...(lang === undefined ? [] : ['--lang', lang])],
            environment(home, extra),
          );
          return `${String(result.status)}\n${result.stdout}\n${result.stderr}`;
        }),
      );
    const status = await outputs(['status', ...target(op)]);
    expect(new Set(status).size).toBe(1);
    expect(status[0]).toContain('"signed_in":true');
    const elsewhere = await outputs(['status', '--issuer', 'https://elsewhere.example.test', '--client-id', op.clientId]);
    expect(new Set(elsewhere).size).toBe(1);
    expect(elsewhere[0]).toContain("You're not signed in to https://elsewhere.example.test.");
  });
});
