import "server-only";
import { currentRequestPeer, isLoopbackAddress } from "../security/request-context";

/**
 * Whether this request's TCP peer is this machine, as Portico's server saw the socket (never a
 * header: X-Forwarded-For and the like are the client's to write). Outside Portico's server the
 * peer is unknown and the answer is no.
 */
export function isRequestFromLoopback(): boolean {
  return isLoopbackAddress(currentRequestPeer());
}
