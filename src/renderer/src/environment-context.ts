import { createContext, useContext } from 'react';
import type { AppEnvironment } from '../../shared/ipc.ts';
import { hostOf } from './format.ts';

/** Until main has answered: no provider, no brand. */
export const unknownEnvironment: AppEnvironment = { demo: false, issuer: '', managed: [] };

/** Where the window signs in and whose it is, for any screen that names them. */
export const EnvironmentContext = createContext<AppEnvironment>(unknownEnvironment);

export function useAppEnvironment(): AppEnvironment {
  return useContext(EnvironmentContext);
}

/** What a heading names: the organization the admin set, else the host the person deals with. */
export function organizationOr(environment: AppEnvironment, url: string): string {
  const name = environment.branding?.organizationName?.trim();
  return name === undefined || name === '' ? hostOf(url) : name;
}

/** The admin's logo, only as a picture main made into a `data:` URL (the page loads nothing else). */
export function logoOf(environment: AppEnvironment): string | undefined {
  const logo = environment.branding?.logo;
  return logo?.startsWith('data:image/') === true ? logo : undefined;
}
