package io.coveton.relay.pipeline;

import java.time.Duration;

/** What a connection is told about the node in {@code ready}, and its authentication deadline. */
record RelayInfo(String displayName, int heartbeatSeconds, Duration authTimeout) {}
