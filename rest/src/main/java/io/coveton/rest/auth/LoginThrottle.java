package io.coveton.rest.auth;

import io.coveton.shared.accounts.User;
import io.coveton.shared.cluster.RateCounters;
import io.coveton.shared.config.CovetonConfig;
import io.coveton.shared.error.ApiException;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * Brute-force brakes on login and registration, counted cluster-wide. Failed logins are limited per
 * (account, client IP) and per IP within a window, so an attacker elsewhere cannot lock a user out,
 * and any lock ends with its window. Registration attempts on taken emails are limited per IP, which
 * slows account enumeration through the 409.
 */
public final class LoginThrottle {
  private static final Duration REGISTER_WINDOW = Duration.ofHours(1);
  private final RateCounters counters;
  private final CovetonConfig.LimitSettings limits;

  public LoginThrottle(RateCounters counters, CovetonConfig.LimitSettings limits) {
    this.counters = counters;
    this.limits = limits;
  }

  public Future<Void> checkLogin(String email, String ip) {
    Duration window = limits.loginFailureWindow();
    Future<RateCounters.WindowCount> account = counters.peek(accountKey(email, ip), window);
    Future<RateCounters.WindowCount> address = counters.peek("login-fail-ip:" + ip, window);
    return Future.all(account, address).compose(done -> {
      if (account.result().count() >= limits.loginFailuresPerAccountAndIp()) {
        return Future.failedFuture(ApiException.rateLimited(account.result().secondsUntilReset()));
      }
      if (address.result().count() >= limits.loginFailuresPerIp()) {
        return Future.failedFuture(ApiException.rateLimited(address.result().secondsUntilReset()));
      }
      return Future.succeededFuture();
    });
  }

  public Future<Void> recordLoginFailure(String email, String ip) {
    Duration window = limits.loginFailureWindow();
    return Future.all(counters.increment(accountKey(email, ip), window),
        counters.increment("login-fail-ip:" + ip, window)).mapEmpty();
  }

  public Future<Void> checkRegister(String ip) {
    return counters.peek("register-conflict:" + ip, REGISTER_WINDOW).compose(count ->
        count.count() >= limits.registerConflictsPerIpPerHour()
            ? Future.failedFuture(ApiException.rateLimited(count.secondsUntilReset()))
            : Future.succeededFuture());
  }

  public Future<Void> recordRegisterConflict(String ip) {
    return counters.increment("register-conflict:" + ip, REGISTER_WINDOW).mapEmpty();
  }

  private static String accountKey(String email, String ip) {
    return "login-fail:" + User.normalizeEmail(email) + "|" + ip;
  }
}
