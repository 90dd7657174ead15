package io.coveton.rest.platform;

import io.coveton.rest.idempotency.IdempotencyHandler;

/** What every feature's routes are built from: the endpoint adapter, authentication, idempotency. */
public record RoutePlatform(Endpoint.Factory endpoints, Authenticator authenticator, IdempotencyHandler idempotency) {}
