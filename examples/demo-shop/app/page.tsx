import Link from "next/link";
import { auth } from "../auth";
import { signInAction, signOutAction } from "./actions";
import { SignedInAs } from "./signed-in-as";

export const dynamic = "force-dynamic";

export default async function Home() {
  const session = await auth();
  if (!session) {
    return (
      <>
        <h1>Demo Shop</h1>
        <p>You are not signed in. The shop signs its customers in through Portico.</p>
        <form action={signInAction}>
          <button type="submit">Sign in with Portico</button>
        </form>
      </>
    );
  }
  return (
    <>
      <h1>Welcome back{session.user?.name ? `, ${session.user.name}` : ""}</h1>
      <p>You are signed in through Portico.</p>
      <SignedInAs session={session} />
      <p>
        <Link href="/orders">Your orders</Link> need a second factor.
      </p>
      <form action={signOutAction}>
        <button type="submit" className="secondary">
          Sign out
        </button>
      </form>
    </>
  );
}
