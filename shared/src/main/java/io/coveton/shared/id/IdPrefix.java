package io.coveton.shared.id;

/** The type prefixes of the contract's ids. */
public enum IdPrefix {
  USER("usr_"),
  ORGANIZATION("org_"),
  TEAM("team_"),
  DEPARTMENT("dept_"),
  ROLE("role_"),
  INVITE("inv_"),
  DEVICE("dev_"),
  SESSION("ses_"),
  CHAT("chat_"),
  MESSAGE("msg_"),
  FILE("file_"),
  SUBSCRIPTION("sub_"),
  INVOICE("in_"),
  CHECKOUT("chk_"),
  NOTIFICATION("ntf_"),
  MAIL("mail_"),
  AUDIT("aud_"),
  WEBHOOK_ENDPOINT("we_"),
  WEBHOOK_DELIVERY("whd_"),
  SIGNING_KEY("key_");

  private final String text;

  IdPrefix(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  public boolean matches(String id) {
    return id != null && id.startsWith(text) && id.length() == text.length() + 26
        && id.substring(text.length()).chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'));
  }
}
