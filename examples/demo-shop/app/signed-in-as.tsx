import type { Session } from "next-auth";

/** What the shop learnt from Portico's ID token about who signed in, and how. */
export function SignedInAs({ session }: { session: Session }) {
  return (
    <dl aria-label="How you signed in">
      <dt>Name</dt>
      <dd>{session.user?.name ?? "—"}</dd>
      <dt>Email</dt>
      <dd data-testid="email">{session.user?.email ?? "—"}</dd>
      <dt>Subject (sub)</dt>
      <dd>
        <code>{session.sub ?? "—"}</code>
      </dd>
      <dt>Assurance (acr)</dt>
      <dd>
        <code data-testid="acr">{session.acr ?? "—"}</code>
      </dd>
      <dt>Methods (amr)</dt>
      <dd>
        <code data-testid="amr">{session.amr?.join(" ") ?? "—"}</code>
      </dd>
      <dt>Signed in at</dt>
      <dd>{session.authTime ? new Date(session.authTime * 1000).toUTCString() : "—"}</dd>
    </dl>
  );
}
