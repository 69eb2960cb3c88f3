import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { expect } from "./fixtures";

/**
 * Another app process on the E2E server's PostgreSQL database (tests/support/e2e-second-server.ts),
 * on its own port and with extra environment (e.g. S3_* for photos in a bucket). Cookies ignore the
 * port, so the fixtures' `signIn` signs the browser in on it too.
 */
export async function startSecondProcess(port: number, env: Record<string, string> = {}) {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", "tests/support/e2e-second-server.ts", String(port)],
    { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] },
  );
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const exited = once(child, "exit").then(([code]) => {
    throw new Error(`the second app process exited with ${String(code)}: ${output}`);
  });
  const up = expect
    .poll(
      () =>
        fetch(`${url}/healthz`).then(
          (response) => response.status,
          () => 0,
        ),
      { timeout: 80_000 },
    )
    .toBe(200);
  await Promise.race([up, exited]);
  exited.catch(() => {}); // from here on, its exit is expected (stop)
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const gone = once(child, "exit");
      child.kill("SIGTERM");
      await gone;
    },
  };
}
