package io.coveton.shared.mail;

import io.coveton.shared.jobs.Backoff;
import io.coveton.shared.jobs.PeriodicJob;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends queued mails, on every node (claims keep two nodes off one mail): a request never waits for
 * SMTP, a failed send is retried with backoff (5 s doubling to 1 h), and sent mails are purged after a
 * week. A mail is handed to SMTP once unless a node dies between sending it and recording that.
 */
public final class MailSendJob implements PeriodicJob {
  private static final Logger LOG = LoggerFactory.getLogger(MailSendJob.class);
  private static final int BATCH = 20;
  private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(5), Duration.ofHours(1));
  private final MailRepository mails;
  private final Mailer mailer;
  private final Duration period;

  public MailSendJob(MailRepository mails, Mailer mailer, Duration period) {
    this.mails = mails;
    this.mailer = mailer;
    this.period = period;
  }

  @Override
  public String name() {
    return "mail-send";
  }

  @Override
  public Duration period() {
    return period;
  }

  @Override
  public boolean clusterExclusive() {
    return false;
  }

  @Override
  public Future<Void> run() {
    return mails.claimDue(BATCH).compose(claimed -> sendEach(claimed)
        .compose(v -> claimed.size() == BATCH ? run() : mails.purgeSent(100).mapEmpty()));
  }

  private Future<Void> sendEach(List<MailRepository.Claimed> claimed) {
    Future<Void> chain = Future.succeededFuture();
    for (MailRepository.Claimed one : claimed) {
      chain = chain.compose(v -> mailer.send(one.mail())
          .compose(sent -> mails.sent(one.mail().id()))
          .recover(failure -> {
            LOG.warn("mail {} to {} not sent (attempt {}): {}", one.mail().id(), one.mail().to(), one.attempt(),
                failure.getMessage());
            return mails.retryLater(one.mail().id(), BACKOFF.after(one.attempt()), failure.getMessage());
          }));
    }
    return chain;
  }
}
