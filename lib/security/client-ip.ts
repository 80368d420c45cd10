/**
 * The client address is the entry that the nearest trusted proxy appended to X-Forwarded-For
 * (Portico's own server appends the TCP peer, so it counts as one hop); entries further left are
 * supplied by the client and never trusted, so nobody can pick the address that per-IP limits count.
 */
export function clientIpFrom(forwardedFor: string | null, trustedHops: number): string | null {
  if (!forwardedFor) return null;
  const hops = forwardedFor
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  const ip = hops[Math.max(0, hops.length - Math.max(1, trustedHops))];
  if (!ip || ip.length > 64 || !/^[0-9a-fA-F:.]+$/.test(ip)) return null;
  return ip.startsWith("::ffff:") ? ip.slice(7) : ip;
}
