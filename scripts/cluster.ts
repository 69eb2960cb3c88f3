/**
 * node --import tsx scripts/cluster.ts --processes N [--ready-file PATH]
 *
 * N Stoop app processes (app/server.ts, each with its own database pool and caches) behind one
 * port, through node:cluster: the primary owns the listening socket and hands each new connection
 * to the next worker in turn (round-robin, Node's default on Linux). Used by
 * `npm run bench:search -- --processes N`; on a real deployment the processes would rather sit on
 * separate machines or containers behind a load balancer (docs/operations.md). Configuration is
 * the usual environment; only PostgreSQL can be shared (the embedded PGlite is one process).
 * Run background jobs in one place: JOBS_IN_PROCESS is forced to false in workers 2..N.
 * With --ready-file, the primary writes the file once every worker listens.
 */
import cluster from "node:cluster";
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index > -1 ? process.argv[index + 1] : undefined;
}

if (cluster.isPrimary) {
  const processes = Number(option("processes") ?? 2);
  if (!Number.isInteger(processes) || processes < 1 || processes > 64)
    throw new Error("--processes needs a whole number from 1 to 64");
  const readyFile = option("ready-file");
  const server = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "app", "server.ts");
  cluster.setupPrimary({ exec: server, args: [], execArgv: ["--import", "tsx"] });
  let listening = 0;
  let stopping = false;
  for (let index = 0; index < processes; index++) {
    cluster.fork(index === 0 ? {} : { JOBS_IN_PROCESS: "false" });
  }
  cluster.on("listening", () => {
    listening++;
    if (listening === processes && readyFile) void fs.writeFile(readyFile, String(process.pid));
  });
  cluster.on("exit", (worker, code) => {
    if (stopping) return;
    console.error(`worker ${worker.process.pid} exited (${code}); stopping the cluster`);
    void stop(1);
  });
  const stop = async (code: number) => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((worker) => worker && !worker.isDead());
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            worker!.once("exit", () => resolve());
            worker!.process.kill("SIGTERM");
          }),
      ),
    );
    process.exit(code);
  };
  process.on("SIGTERM", () => void stop(0));
  process.on("SIGINT", () => void stop(0));
}
