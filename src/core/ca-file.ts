/**
 * The `caFile` setting's file: PEM certificates of extra authorities (a TLS-inspecting gateway's
 * CA) that both front ends trust besides the OS's store. One reader, so the command line
 * (src/cli/network.ts) and the app (src/main/extra-authorities.ts) refuse the same files.
 */
import { SignInError } from './errors.ts';
import { readTextFile } from './file-read.ts';

/** PEM certificates in a file; a file with none is refused, naming it. */
export async function readCaFile(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readTextFile(path);
  } catch (error) {
    const detail = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new SignInError('invalid_config', `The CA file ${path} cannot be read (${detail}).`, {
      problem: { rule: 'config.caFileUnreadable', values: { path, detail } },
    });
  }
  const certificates = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (certificates.length === 0) {
    throw new SignInError('invalid_config', `The CA file ${path} holds no PEM certificate.`, {
      problem: { rule: 'config.caFileEmpty', values: { path } },
    });
  }
  return certificates;
}
