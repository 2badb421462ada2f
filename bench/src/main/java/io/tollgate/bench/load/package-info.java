/**
 * Open-loop HTTP load against the gateway. Requests leave on a fixed schedule whatever the responses do, and latency
 * is measured from each request's intended send time, so a stall shows up as latency instead of lowering the load
 * (no coordinated omission). See {@link io.tollgate.bench.load.OpenLoopLoad} for how to run it.
 */
package io.tollgate.bench.load;
