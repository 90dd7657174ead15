package io.coveton.shared.error;

/** One entry of an error's {@code details[]}: which field, and what is wrong with it. */
public record FieldError(String path, String message) {}
