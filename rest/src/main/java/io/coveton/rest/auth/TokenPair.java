package io.coveton.rest.auth;

import io.coveton.rest.users.UserView;

/** The answer of register, login and refresh. */
public record TokenPair(UserView user, String accessToken, String refreshToken, String tokenType, long expiresIn) {}
