/**
 * Loopback hosts, where plain http is acceptable because the traffic never leaves the machine.
 * Shared: the core applies it to every URL a server hands out, the window to say that a QR code
 * pointing here cannot be opened from a phone.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}
