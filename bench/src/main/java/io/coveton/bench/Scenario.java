package io.coveton.bench;

import io.vertx.core.Future;

/** One kind of load: provisions what it needs, drives the server, and counts into the stats. */
interface Scenario {
  Future<Void> run(Fleet fleet, BenchOptions options, Stats stats);
}
