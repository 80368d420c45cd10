import { auth } from "../../auth";
import { AAL2, reaches } from "../../lib/config";
import { signInAction, stepUpAction } from "../actions";
import { SignedInAs } from "../signed-in-as";

export const dynamic = "force-dynamic";

/** A page that needs AAL2: the shop asks Portico for it with `acr_values` and shows what it got. */
export default async function Orders() {
  const session = await auth();
  if (!session) {
    return (
      <>
        <h1>Your orders</h1>
        <p>Sign in to see your orders.</p>
        <form action={signInAction}>
          <button type="submit">Sign in with Portico</button>
        </form>
      </>
    );
  }
  if (!reaches(session.acr, AAL2)) {
    return (
      <>
        <h1>Confirm it&apos;s you</h1>
        <p>
          Your orders need a second factor (<code>{AAL2}</code>). You signed in at{" "}
          <code data-testid="acr">{session.acr ?? "an unknown level"}</code>.
        </p>
        <form action={stepUpAction}>
          <button type="submit">Confirm with a second factor</button>
        </form>
      </>
    );
  }
  return (
    <>
      <h1>Your orders</h1>
      <p data-testid="orders">No orders yet. This page is shown only at AAL2 or above.</p>
      <SignedInAs session={session} />
    </>
  );
}
