/**
 * One-command demo provider: `node src/demo-provider/serve.ts [--port N] [--lan] [--device-code-ttl S]
 * [--access-token-ttl S] [--dpop require-nonce|on|off]`. Prints the issuer and client id to point the app at; Ctrl-C stops it.
 */
import { parseArgs } from 'node:util';
import { defaultScope } from '../core/config.ts';
import { type DemoDPoP, startDemoProvider, type DemoProvider, type DemoProviderLogLevel, type DemoProviderOptions } from './provider.ts';

const USAGE =
  'usage: npm run demo-provider -- [--port N] [--lan] [--device-code-ttl S] [--access-token-ttl S] [--dpop require-nonce|on|off]';

const HELP = `${USAGE}

A local OpenID provider with the device flow, for the app and the command line to sign in to.
Any login and password are accepted (the login becomes the subject).

Options:
  --port N               Port to listen on (default: a free one, named in the issuer line)
  --lan                  Listen on every interface, so a phone on this network can reach it
  --device-code-ttl S    Seconds a device code lives (default 600)
  --access-token-ttl S   Seconds an access token lives (default 3600)
  --dpop MODE            require-nonce (default): DPoP with server nonces (RFC 9449 §8);
                         on: DPoP without nonces; off: bearer tokens only
  -h, --help             Show this help

Example:
  npm run demo-provider -- --port 4000 --device-code-ttl 60`;
const dpopChoices: readonly DemoDPoP[] = ['require-nonce', 'on', 'off'];

/** Reads the command line into provider options (`help` for --help); throws with a short reason on anything it does not accept. */
function parseServeArgs(args: readonly string[]): DemoProviderOptions | 'help' {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      lan: { type: 'boolean' },
      'device-code-ttl': { type: 'string' },
      'access-token-ttl': { type: 'string' },
      dpop: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) return 'help';
  const options: DemoProviderOptions = { log: printLog };
  if (values.port !== undefined) options.port = wholeNumber('--port', values.port, 0, 65_535);
  if (values.lan === true) options.lan = true;
  if (values['device-code-ttl'] !== undefined) {
    options.deviceCodeTtl = wholeNumber('--device-code-ttl', values['device-code-ttl'], 1);
  }
  if (values['access-token-ttl'] !== undefined) {
    options.accessTokenTtl = wholeNumber('--access-token-ttl', values['access-token-ttl'], 1);
  }
  if (values.dpop !== undefined) {
    const dpop = dpopChoices.find((choice) => choice === values.dpop);
    if (dpop === undefined) throw new Error(`--dpop must be one of ${dpopChoices.join(', ')}, got '${values.dpop}'`);
    options.dpop = dpop;
  }
  return options;
}

function wholeNumber(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new Error(`${flag} must be a whole number ${range}, got '${text}'`);
  }
  return value;
}

function printLog(message: string, level: DemoProviderLogLevel): void {
  // The dev-only warnings are the point of a demo provider; only real failures are worth a line.
  if (level === 'error') console.error(message);
}

async function main(): Promise<void> {
  let options: DemoProviderOptions;
  try {
    const parsed = parseServeArgs(process.argv.slice(2));
    if (parsed === 'help') {
      console.log(HELP);
      return;
    }
    options = parsed;
  } catch (error) {
    // parseArgs explains at length; its first sentence is the reason.
    const reason = (error instanceof Error ? error.message : String(error)).split(/\.\s/)[0] ?? '';
    console.error(`${reason} (${USAGE})`);
    process.exit(2);
  }

  let provider: DemoProvider;
  try {
    provider = await startDemoProvider(options);
  } catch (error) {
    // Typically the port is taken, or --lan found no network address.
    console.error(`Could not start the demo provider: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  console.log(`Demo OpenID provider running (device flow, DPoP ${options.dpop ?? 'require-nonce'}, dev logins: any login and password)
  issuer:    ${provider.issuer}
  client id: ${provider.clientId}
  scope:     ${defaultScope}
  Log in as 'hw-<name>' to get the hardware_verified and hardware_aaguid claims.${
    options.lan === true ? '\n  Listening on all interfaces (--lan): reachable from this network.' : ''
  }
For the command line (docs/cli.md), in another terminal:
  export DEVICE_SIGNIN_ISSUER=${provider.issuer} DEVICE_SIGNIN_CLIENT_ID=${provider.clientId}
Press Ctrl-C to stop.`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    provider.close().then(
      () => {
        console.log(`Stopped (${signal}).`);
      },
      (error: unknown) => {
        console.error(`Could not close cleanly: ${String(error)}`);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
