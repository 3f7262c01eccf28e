// Closed-loop load: `concurrency` workers call `operation` back to back for `seconds`; returns
// calls per second and latency percentiles in milliseconds.

export async function measure(operation, { concurrency, seconds }) {
  const latencies = [];
  let failures = 0;
  const deadline = performance.now() + seconds * 1000;
  let sequence = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      try {
        await operation(sequence++);
        latencies.push(performance.now() - started);
      } catch {
        failures++;
      }
    }
  }));
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? NaN;
  return { perSecond: latencies.length / seconds, p50: at(0.5), p99: at(0.99), calls: latencies.length, failures };
}
