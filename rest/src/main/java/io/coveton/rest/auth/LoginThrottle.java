package io.coveton.rest.auth;

import io.coveton.shared.accounts.User;
import io.coveton.shared.cluster.RateCounters;
import io.coveton.shared.config.CovetonConfig;
import io.coveton.shared.error.ApiException;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Brute-force brakes on login and registration, counted cluster-wide. Failed logins are limited per
 * (account, client IP) and per IP within a window, so an attacker elsewhere cannot lock a user out,
 * and any lock ends with its window. Registration attempts on taken emails are limited per IP, which
 * slows account enumeration through the 409.
 *
 * <p>An attempt reserves its place in every budget (one atomic increment each) before the password
 * or the email is evaluated, and is refused when a reservation is over budget: however many guesses
 * arrive at once, on however many nodes, at most the budget is ever evaluated. An attempt that
 * turns out not to count (a successful login, a registration that took a free email, a refused or
 * failed attempt) gives its reservations back.
 */
public final class LoginThrottle {
  private static final Duration REGISTER_WINDOW = Duration.ofHours(1);
  private static final Duration RESET_WINDOW = Duration.ofHours(1);
  private static final int RESETS_PER_ADDRESS = 5;
  private static final int RESETS_PER_IP = 20;
  private final RateCounters counters;
  private final CovetonConfig.LimitSettings limits;

  public LoginThrottle(RateCounters counters, CovetonConfig.LimitSettings limits) {
    this.counters = counters;
    this.limits = limits;
  }

  /** Runs a login attempt within the failure budgets; {@code attempt} fails with 401 for a wrong guess. */
  public <T> Future<T> login(String email, String ip, Supplier<Future<T>> attempt) {
    Duration window = limits.loginFailureWindow();
    return within(List.of(
        new Budget("login-fail:" + User.normalizeEmail(email) + "|" + ip, window, limits.loginFailuresPerAccountAndIp()),
        new Budget("login-fail-ip:" + ip, window, limits.loginFailuresPerIp())),
        attempt, failure -> failure instanceof ApiException api && api.status() == 401);
  }

  /** Runs a registration within the per-IP budget of attempts on taken emails (which fail with 409). */
  public <T> Future<T> register(String ip, Supplier<Future<T>> attempt) {
    return within(List.of(new Budget("register-conflict:" + ip, REGISTER_WINDOW, limits.registerConflictsPerIpPerHour())),
        attempt, failure -> failure instanceof ApiException api && api.status() == 409);
  }

  /**
   * A password reset request, which always counts: at most {@value #RESETS_PER_ADDRESS} per target
   * address and {@value #RESETS_PER_IP} per client IP an hour, whether the address has an account or not.
   */
  public Future<Void> passwordResetRequest(String email, String ip) {
    List<Budget> budgets = List.of(
        new Budget("reset-email:" + User.normalizeEmail(email), RESET_WINDOW, RESETS_PER_ADDRESS),
        new Budget("reset-ip:" + ip, RESET_WINDOW, RESETS_PER_IP));
    return within(budgets, () -> Future.<Void>succeededFuture(), failure -> true, true);
  }

  private <T> Future<T> within(List<Budget> budgets, Supplier<Future<T>> attempt, Predicate<Throwable> counts) {
    return within(budgets, attempt, counts, false);
  }

  private <T> Future<T> within(List<Budget> budgets, Supplier<Future<T>> attempt,
      Predicate<Throwable> counts, boolean successCounts) {
    List<Future<RateCounters.WindowCount>> reserved = budgets.stream()
        .map(budget -> counters.increment(budget.key(), budget.window())).toList();
    return Future.join(reserved).transform(done -> {
      if (done.failed()) {
        giveBack(budgets, reserved);
        return Future.failedFuture(done.cause());
      }
      for (int i = 0; i < budgets.size(); i++) {
        RateCounters.WindowCount count = reserved.get(i).result();
        if (count.count() > budgets.get(i).limit()) {
          giveBack(budgets, reserved);
          return Future.failedFuture(ApiException.rateLimited(count.secondsUntilReset()));
        }
      }
      return attempt.get().onComplete(outcome -> {
        if (outcome.succeeded() ? !successCounts : !counts.test(outcome.cause())) {
          giveBack(budgets, reserved);
        }
      });
    });
  }

  private void giveBack(List<Budget> budgets, List<Future<RateCounters.WindowCount>> reserved) {
    for (int i = 0; i < budgets.size(); i++) {
      if (reserved.get(i).succeeded()) {
        counters.giveBack(budgets.get(i).key(), budgets.get(i).window(), reserved.get(i).result());
      }
    }
  }

  private record Budget(String key, Duration window, int limit) {}
}
