// What the shop reads from Portico's discovery document, fetched once per process.
import { ISSUER } from "./config";

type TDiscovery = { issuer: string; jwks_uri: string; end_session_endpoint: string };

let discovery: Promise<TDiscovery> | null = null;

export function porticoDiscovery(): Promise<TDiscovery> {
  discovery ??= fetch(`${ISSUER}/.well-known/openid-configuration`).then(async (response) => {
    if (!response.ok) throw new Error(`Portico's discovery answered ${response.status}`);
    return (await response.json()) as TDiscovery;
  });
  // A failed fetch is not kept: the next request asks again.
  discovery.catch(() => {
    discovery = null;
  });
  return discovery;
}
