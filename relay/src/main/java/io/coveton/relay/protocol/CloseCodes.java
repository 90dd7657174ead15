package io.coveton.relay.protocol;

/** The relay protocol's close codes. */
public final class CloseCodes {
  public static final int GOING_AWAY = 1001;
  public static final int INVALID_TEXT = 1007;
  public static final int MALFORMED = 1008;
  public static final int TOO_BIG = 1009;
  public static final int UNAUTHENTICATED = 4401;
  public static final int REVOKED = 4403;
  public static final int AUTH_TIMEOUT = 4408;
  public static final int REPLACED = 4409;
  public static final int TOO_MANY_FRAMES = 4429;

  private CloseCodes() {}
}
