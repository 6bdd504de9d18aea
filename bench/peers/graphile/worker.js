// The graphile-worker peer: one Node process running the `noop` task with concurrency W.
// Settings come from the environment: BENCH_PG_DSN, BENCH_CONCURRENCY, BENCH_GRAPHILE_STARTS.
"use strict";
const fs = require("fs");
const { run, Logger } = require("graphile-worker");

const startsFile = process.env.BENCH_GRAPHILE_STARTS;
let pending = [];

// Start times are written in batches so that recording them costs the task next to nothing.
setInterval(() => {
  if (pending.length) {
    fs.appendFileSync(startsFile, pending.map(([i, t]) => `${i} ${t}\n`).join(""));
    pending = [];
  }
}, 100).unref();

// Warnings and errors only, like the other systems' workers (the default logs every job).
const logger = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") console.error(`${level}: ${message}`);
});

async function main() {
  const runner = await run({
    connectionString: process.env.BENCH_PG_DSN,
    concurrency: Number(process.env.BENCH_CONCURRENCY || "1"),
    logger,
    taskList: {
      noop: async (payload) => {
        if (payload.r) pending.push([payload.i, (performance.timeOrigin + performance.now()) / 1000]);
      },
    },
  });
  await runner.promise;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
