import { defaultScope } from '../core/config.ts';
import type { CommandName } from './args.ts';
import type { Translate } from './words.ts';

/** Two or three command lines per command, the same in every language: they are what one types. */
const examples: { readonly [Command in CommandName]: readonly string[] } = {
  login: [
    'device-signin login --issuer https://login.example.com --client-id my-app',
    'device-signin login --no-open --qr',
    'device-signin login --json --no-open | jq -r .type',
  ],
  status: ['device-signin status', 'device-signin status --json', 'device-signin status --account alice@example.com'],
  token: [
    'curl -H "Authorization: Bearer $(device-signin token)" https://api.example.com/me',
    'device-signin token --json',
    'device-signin token --format exec-credential --account admin@example.com',
  ],
  logout: ['device-signin logout', 'device-signin logout --account alice@example.com', 'device-signin logout --all --json'],
  accounts: ['device-signin accounts', "device-signin accounts --json | jq -r '.accounts[] | select(.current) | .email'"],
  switch: ['device-signin switch alice@example.com', 'device-signin switch 248289761001'],
  fetch: [
    'device-signin fetch https://api.example.com/me',
    "device-signin fetch -X POST -H 'Content-Type: application/json' --data @item.json https://api.example.com/items",
    'device-signin fetch -o report.pdf https://api.example.com/report',
  ],
  'git-credential': [
    'git config --global credential.https://git.example.com.helper "!device-signin git-credential --host git.example.com"',
    'printf "protocol=https\\nhost=git.example.com\\n\\n" | device-signin git-credential get --host git.example.com',
  ],
  doctor: ['device-signin doctor', 'device-signin doctor --json | jq -c \'select(.status == "problem")\''],
};

/**
 * `device-signin --help`: the commands, the settings and where each can also come from; with a
 * command (`login --help`, `help login`), that command's usage, options and examples. In the
 * catalog's language.
 */
export function helpText(t: Translate, command?: CommandName): string {
  if (command === undefined) return t('help.usage', { defaultScope });
  return [t(`help.${command}`), '', t('help.examples'), ...examples[command].map((line) => `  ${line}`), '', t('help.more')].join('\n');
}
