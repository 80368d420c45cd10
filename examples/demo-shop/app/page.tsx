import Link from "next/link";
import { auth } from "../auth";
import { signInAction, signOutAction } from "./actions";
import { SignedInAs } from "./signed-in-as";

export const dynamic = "force-dynamic";

export default async function Home({ searchParams }: { searchParams: Promise<{ error?: string | string[] }> }) {
  const session = await auth();
  const { error } = await searchParams;
  const refused = error ? (
    <p role="alert" className="notice">
      Portico did not complete that sign-in: it was cancelled, or the page asked for more than your account can prove
      yet (a second factor you have not set up). Try again.
    </p>
  ) : null;
  if (!session) {
    return (
      <>
        <h1>Demo Shop</h1>
        {refused}
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
      {refused}
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
