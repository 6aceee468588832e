// Node on every core: the node:cluster module forks one worker per core, each running best-jose.mjs (node:http +
// jose, keys imported once), sharing the port. The benchmark sums the CPU of the primary and every worker.
// Usage: PORT=... LOGIN_SECRET=... ZENDESK_SECRET=... node best-jose-cluster.mjs
import cluster from 'node:cluster';
import os from 'node:os';

if (cluster.isPrimary) {
  const n = os.availableParallelism();
  for (let i = 0; i < n; i++) cluster.fork();
  cluster.on('exit', (w, code) => { if (code !== 0) console.error(`worker ${w.process.pid} exited with ${code}`); });
  console.log(`best-jose-cluster: ${n} workers`);
} else {
  await import('./best-jose.mjs');
}
