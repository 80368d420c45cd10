import { startMailSink } from "./mail-sink";
import { SINK_HTTP_PORT, SMTP_PORT } from "./env";

export default async function globalSetup() {
  const sink = await startMailSink(SMTP_PORT, SINK_HTTP_PORT);
  return async () => {
    await sink.close();
  };
}
